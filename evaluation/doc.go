// Package evaluation is the evaluation pipeline shared by the App and
// `gatehouse scan`: a change set under a policy, the policy's own edit
// validated, the checks run, and the gate's input assembled for gate.Decide.
// Where the change set and the policy come from (GitHub, a local git range)
// is the caller's business; the engines see them only through checks.Source.
package evaluation
