// Package handlers adapts GitHub's webhook events to evaluations: one
// go-githubapp EventHandler per event, each of which parses its payload,
// drops what needs no evaluation (other apps' runs, Gatehouse's own events,
// actions that change nothing), prepares the logger and hands an
// evaluation.Target to the Evaluator. It holds no evaluation logic.
package handlers
