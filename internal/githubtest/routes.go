package githubtest

import "sort"

// handlers maps GitHub's operationIds to the fake's implementations. An
// operation of the description missing here answers 404 and fails the test
// at cleanup, so a test never silently relies on an endpoint the fake lacks.
var handlers map[string]handlerFunc

func init() {
	handlers = map[string]handlerFunc{
		"apps/get-authenticated":                     getApp,
		"apps/list-installations":                    listInstallations,
		"apps/get-installation":                      getInstallation,
		"apps/create-installation-access-token":      createAccessToken,
		"apps/get-repo-installation":                 getRepoInstallation,
		"apps/list-repos-accessible-to-installation": listInstallationRepos,
		"rate-limit/get":                             getRateLimit,
		"apps/create-from-manifest":                  createFromManifest,
		"apps/list-webhook-deliveries":               listWebhookDeliveries,
		"apps/get-webhook-delivery":                  getWebhookDelivery,
		"apps/redeliver-webhook-delivery":            redeliverWebhookDelivery,

		"repos/get":                               getRepo,
		"repos/get-commit":                        getCommit,
		"repos/list-commits":                      listCommits,
		"repos/compare-commits-with-basehead":     compareCommits,
		"repos/get-content":                       getContent,
		"repos/list-teams":                        listRepoTeams,
		"repos/get-collaborator-permission-level": getCollaboratorPermission,
		"repos/check-collaborator":                checkCollaborator,
		"git/get-blob":                            getBlob,
		"git/get-tree":                            getTree,
		"git/get-commit":                          getGitCommit,

		"pulls/list":                       listPulls,
		"pulls/get":                        getPull,
		"pulls/list-files":                 listPullFiles,
		"pulls/list-commits":               listPullCommits,
		"pulls/list-requested-reviewers":   listRequestedReviewers,
		"pulls/request-reviewers":          requestReviewers,
		"pulls/remove-requested-reviewers": removeRequestedReviewers,
		"pulls/list-reviews":               listReviews,
		"pulls/get-review":                 getReview,
		"pulls/create-review":              createReview,

		"issues/get":                  getIssue,
		"issues/list-comments":        listComments,
		"issues/create-comment":       createComment,
		"issues/update-comment":       updateComment,
		"issues/delete-comment":       deleteComment,
		"issues/list-labels-for-repo": listRepoLabels,
		"issues/create-label":         createRepoLabel,
		"issues/get-label":            getRepoLabel,
		"issues/list-labels-on-issue": listIssueLabels,
		"issues/add-labels":           addIssueLabels,
		"issues/remove-label":         removeIssueLabel,
		"issues/list-events":          listIssueEvents,

		"teams/get-by-name":                    getTeam,
		"teams/list-members-in-org":            listTeamMembers,
		"teams/get-membership-for-user-in-org": getTeamMembership,

		"checks/create":              createCheckRun,
		"checks/get":                 getCheckRun,
		"checks/update":              updateCheckRun,
		"checks/list-annotations":    listAnnotations,
		"checks/rerequest-run":       rerequestCheckRun,
		"checks/list-for-ref":        listRunsForRef,
		"checks/create-suite":        createSuite,
		"checks/get-suite":           getSuite,
		"checks/list-for-suite":      listRunsForSuite,
		"checks/rerequest-suite":     rerequestSuite,
		"checks/list-suites-for-ref": listSuitesForRef,
	}
}

// Operations lists the operationIds the fake implements, sorted: every
// operation Gatehouse calls is among them (a call to another fails its test).
func Operations() []string {
	ops := make([]string, 0, len(handlers))
	for op := range handlers {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	return ops
}
