package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/gatehouse-sec/gatehouse/config"
)

// checkConfig validates a policy file: exit 0 when valid, 1 when not, 2 when
// it cannot be read.
func checkConfig(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check-config", flag.ContinueOnError)
	fs.SetOutput(stderr)
	effective := fs.Bool("print-effective", false, "print the policy after defaults")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	file := config.FileName
	if fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse:", err)
		return 2
	}
	p, err := config.Parse(file, b)
	if err != nil {
		var inv *config.InvalidError
		if errors.As(err, &inv) {
			for _, pr := range inv.Problems {
				fmt.Fprintln(stderr, pr.String())
			}
		} else {
			fmt.Fprintln(stderr, err)
		}
		return 1
	}
	if *effective {
		out, err := yaml.Marshal(p)
		if err != nil {
			fmt.Fprintln(stderr, "gatehouse:", err)
			return 2
		}
		_, _ = stdout.Write(out)
		return 0
	}
	fmt.Fprintf(stdout, "%s: valid\n", file)
	return 0
}
