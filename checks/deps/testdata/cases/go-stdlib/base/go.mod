module example.com/app

go 1.19

toolchain go1.19.4

require golang.org/x/text v0.13.0
