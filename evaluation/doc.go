// Package evaluation is Gatehouse's evaluation pipeline: policy → change set
// → checks → gate → publish plan.
//
// Assess is the part the App and `gatehouse scan` share: a change set under
// a policy, the policy's own edit validated, the checks run, the gate's input
// assembled. Where the change set and the policy come from (GitHub, a local
// git range) is the caller's business; the engines see them only through
// checks.Source.
//
// The Evaluator is the App's evaluation of a pull request: one at a time per
// pull request (coalescing bursts, across replicas through a PRLocker), check
// runs in progress, the base branch's policy, the change set, Assess, the
// InfoSec decisions of checks/infosec carried out, the gate decided and its
// runs, label and comment published, every decision audited. All of its
// GitHub reads and writes go through githubio; every evaluation that got as
// far as creating its runs ends with them completed.
package evaluation
