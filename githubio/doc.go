// Package githubio is every GitHub read and write of an evaluation, behind
// two small interfaces: Reader (pull requests, their files, commits, reviews,
// contents, team membership, the policy file) and Publisher (check runs,
// labels, comments, review requests). Reads are memoised for the evaluation
// and paginated by one helper; commit diffs, which never change, and what
// Gatehouse itself last wrote are also kept across evaluations (bounded).
// The Repo for one repository implements both interfaces.
package githubio
