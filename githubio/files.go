package githubio

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// ConvertFiles turns GitHub's file entries into the change set's files,
// parsing each patch into added lines. A patch that does not parse is treated
// as missing, so checks read the whole file instead of trusting bad line numbers.
func ConvertFiles(ctx context.Context, in []*github.CommitFile) []checks.File {
	out := make([]checks.File, 0, len(in))
	for _, f := range in {
		cf := checks.File{
			Path:         f.GetFilename(),
			PreviousPath: f.GetPreviousFilename(),
			Status:       f.GetStatus(),
			Additions:    f.GetAdditions(),
			Deletions:    f.GetDeletions(),
			BlobSHA:      f.GetSHA(),
			Patch:        f.GetPatch(),
		}
		if cf.Status == "removed" {
			cf.BlobSHA = ""
		}
		if f.Patch == nil {
			cf.PatchMissing = cf.Status != "removed"
		} else if added, err := checks.ParsePatch(cf.Patch); err != nil {
			zerolog.Ctx(ctx).Warn().Err(err).Str("path", cf.Path).Msg("unparsable patch; the file will be read whole")
			cf.PatchMissing, cf.Patch = true, ""
		} else {
			cf.Added = added
		}
		out = append(out, cf)
	}
	return out
}
