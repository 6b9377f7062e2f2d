// Package githubio is every GitHub read and write of an evaluation, behind
// two small interfaces: Reader (pull requests, their files, commits, reviews,
// timeline, comments, contents, team membership, check runs, the policy
// file) and Publisher (check runs, labels, comments, review requests). The
// Repo of one repository implements both (GitHub); CheckRuns publishes the
// App's runs on a head SHA through it.
//
// Reads are memoised for the evaluation (internal/memo) and paginated by one
// helper, 100 per page. What never changes (commit diffs) and what Gatehouse
// itself last wrote (its runs, its comment) or learned (no policy file here)
// are kept across evaluations in a ProcessCache, bounded by bytes or entries.
package githubio
