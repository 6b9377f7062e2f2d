// Package queue keeps what Gatehouse accepted: every signed delivery is
// stored as a River job before it is answered 2xx, and workers (in this
// process or in any replica sharing the database) turn jobs into
// evaluations. One code path serves two drivers: an embedded SQLite file
// (the default, one instance) and Postgres (several replicas).
//
// What it adds to River: intake as a go-githubapp Scheduler (dedupe by
// X-GitHub-Delivery through unique jobs), a heartbeat per process so that
// the jobs of a dead process are resumed quickly (at start for a restarted
// single instance, within the replica timeout for a replica that vanished),
// a per-pull-request lock across replicas, the retry schedule shown on the
// gate, and the periodic catch-up of deliveries GitHub could not make.
package queue
