module example.com/demo

go 1.22

require (
	github.com/google/uuid v1.6.0
	golang.org/x/net v0.15.0
	golang.org/x/text v0.13.0 // indirect
)

replace github.com/google/uuid => github.com/example-fork/uuid v1.6.1
