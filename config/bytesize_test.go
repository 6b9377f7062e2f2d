package config

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestByteSizeReadsAsHumansWriteIt(t *testing.T) {
	tests := []struct {
		size       ByteSize
		human, raw string // String (messages), and the YAML --print-effective writes
	}{
		{51773619, "49.4 MB", "51773619B"},
		{5 * MB, "5 MB", "5MB"},
		{1600, "1.6 KB", "1600B"},
		{512 * KB, "512 KB", "512KB"},
		{3 * GB, "3 GB", "3GB"},
		{GB + GB/2, "1.5 GB", "1536MB"},
		{100, "100 bytes", "100B"},
	}
	for _, tt := range tests {
		t.Run(tt.human, func(t *testing.T) {
			if got := tt.size.String(); got != tt.human {
				t.Errorf("String() = %q, want %q", got, tt.human)
			}
			out, err := yaml.Marshal(tt.size)
			if err != nil || string(out) != tt.raw+"\n" {
				t.Errorf("YAML = %q, %v; want %q", out, err, tt.raw)
			}
			back, err := ParseByteSize(tt.raw)
			if err != nil || back != tt.size {
				t.Errorf("the YAML form does not read back: %v, %v", back, err)
			}
		})
	}
}
