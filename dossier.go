// Package dossier holds the nouns of the batch contract (../shared/contract/batch-v1.md):
// cases, files, pages, documents, reasons and verdicts, with the document-type,
// reason and status codes the contract names. It does no I/O and imports no
// package of this module; every other package speaks in its terms.
package dossier

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CaseType is what a case asks for.
type CaseType string

// Case types of the contract.
const (
	CAReplacement CaseType = "ca-replacement"
	CAAssociation CaseType = "ca-association"
)

// CaseTypes lists the case types, in the contract's order.
var CaseTypes = []CaseType{CAReplacement, CAAssociation}

// DocType is the kind of a document.
type DocType string

// Document types of the contract.
const (
	ApplicationForm    DocType = "application_form"
	OrgCodeCertificate DocType = "org_code_certificate"
	BusinessLicense    DocType = "business_license"
	IDCard             DocType = "id_card"
	ResidencePermit    DocType = "residence_permit"
	SocialSecurityCert DocType = "social_security_certificate"
	CACertificate      DocType = "ca_certificate"
	Other              DocType = "other"
)

// DocTypes lists every document type, in the contract's order.
var DocTypes = []DocType{ApplicationForm, OrgCodeCertificate, BusinessLicense, IDCard,
	ResidencePermit, SocialSecurityCert, CACertificate, Other}

// Status is a case's state. Ready, Rejected and Review are verdicts; Pending and
// Processing come before one.
type Status string

// Case states.
const (
	Pending    Status = "pending"
	Processing Status = "processing"
	Ready      Status = "ready"
	Rejected   Status = "rejected"
	Review     Status = "review"
)

// Final reports whether s is a verdict.
func (s Status) Final() bool { return s == Ready || s == Rejected || s == Review }

// ReasonCode says why a case is not ready.
type ReasonCode string

// Reason codes of the contract.
const (
	MissingDocument     ReasonCode = "missing_document"
	InsufficientCopies  ReasonCode = "insufficient_copies"
	SealMissing         ReasonCode = "seal_missing"
	UnitNameMismatch    ReasonCode = "unit_name_mismatch"
	CodeMismatch        ReasonCode = "code_mismatch"
	InvalidOrgCode      ReasonCode = "invalid_org_code"
	InvalidUSCC         ReasonCode = "invalid_uscc"
	InvalidIDNumber     ReasonCode = "invalid_id_number"
	IDExpired           ReasonCode = "id_expired"
	OperatorMismatch    ReasonCode = "operator_mismatch"
	CertificateInvalid  ReasonCode = "certificate_invalid"
	CertificateMismatch ReasonCode = "certificate_mismatch"
	UnreadableFile      ReasonCode = "unreadable_file"
	UnsupportedFile     ReasonCode = "unsupported_file"
	LowConfidence       ReasonCode = "low_confidence"
)

// ReasonCodes lists every reason code, in the contract's order.
var ReasonCodes = []ReasonCode{MissingDocument, InsufficientCopies, SealMissing,
	UnitNameMismatch, CodeMismatch, InvalidOrgCode, InvalidUSCC, InvalidIDNumber,
	IDExpired, OperatorMismatch, CertificateInvalid, CertificateMismatch,
	UnreadableFile, UnsupportedFile, LowConfidence}

// Definite reports whether the reason rejects a case on its own; the others
// (unsupported_file, low_confidence) send it to review.
func (c ReasonCode) Definite() bool { return c != UnsupportedFile && c != LowConfidence }

// PageRef names one page: the file's name within its case folder and the page
// number counted from 1 (an image file is page 1).
type PageRef struct {
	File string `json:"file"`
	Page int    `json:"page"`
}

// Reason is one thing that keeps a case from being ready.
type Reason struct {
	Code     ReasonCode `json:"code"`
	Document DocType    `json:"document,omitempty"`
	Pages    []PageRef  `json:"pages,omitempty"`
	Message  string     `json:"message"`
}

// Unit is the organisation a case is about.
type Unit struct {
	Name    string `json:"name"`
	USCC    string `json:"uscc"`
	OrgCode string `json:"org_code"`
}

// Operator is the person who hands the case in for the unit.
type Operator struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// Field names read from documents.
const (
	FieldUnitName      = "unit_name"
	FieldUSCC          = "uscc"
	FieldOrgCode       = "org_code"
	FieldOperatorName  = "operator_name"
	FieldOperatorID    = "operator_id_number"
	FieldHolderName    = "name"
	FieldIDNumber      = "id_number"
	FieldValidFrom     = "valid_from"
	FieldValidUntil    = "valid_until" // YYYY-MM-DD or "长期"
	FieldSocialSecNo   = "social_security_number"
	FieldCertSubjectO  = "subject_o"
	FieldCertSubjectCN = "subject_cn"
	FieldCertCode      = "subject_code"
	FieldCertNotBefore = "not_before"
	FieldCertNotAfter  = "not_after"
)

// Confidence bands of a reading, 0..1, named once for extract and validate:
// a reading at Sure or above is taken as read; below it the case goes to a
// clerk. Guessed caps a reading that was repaired or guessed, below Sure,
// so that a guess never decides a case. Below Unread a character is not
// read at all: the reader put one there, often the common one of a
// look-alike pair.
const (
	Sure    = 0.6
	Guessed = 0.5
	Unread  = 0.1
)

// Document is one paper (or certificate file) of a case, made of one or more pages.
type Document struct {
	Type       DocType           `json:"type"`
	Pages      []PageRef         `json:"pages"`
	Sealed     bool              `json:"sealed"`
	Confidence float64           `json:"confidence"` // how sure its page type and seal are, 0..1
	Fields     map[string]string `json:"fields,omitempty"`
	// FieldConfidence is how sure the reading of each field is, 0..1.
	FieldConfidence map[string]float64 `json:"field_confidence,omitempty"`
	// CharConfidence is, for the names read, how sure the reading of each
	// character is, 0..1 (where the reader could tell); the validator
	// weighs misreads with it. Not in the result.
	CharConfidence map[string][]float64 `json:"-"`
	// Disputed gives, for a name, the other reading its own spot gave, one
	// character apart, where the readings split evenly on that character:
	// the paper reads one way or the other (信息 or 信总), and only a clerk
	// can say which. Such a name never
	// makes a case ready on its own: the validator sends it to review.
	// For a code, it gives the other valid code its spot was read as: the
	// check character then does not vouch for the code kept.
	Disputed map[string]string `json:"disputed,omitempty"`
	// ReadAs gives, for a code kept as a guessed repair (a look-alike
	// changed for its check character to hold), the code as read. A guess
	// is no reading of the paper: it backs no other paper's code, and a
	// code near it on another paper is not shown misread by it.
	ReadAs map[string]string `json:"read_as,omitempty"`
}

// Info is what the unit declared at the counter (case.json); every key optional.
type Info struct {
	Type     CaseType `json:"type,omitempty"`
	UnitName string   `json:"unit_name,omitempty"`
	UnitCode string   `json:"unit_code,omitempty"`
	// ServicePoint is the counter that took the case (the contract's
	// extensions): case.json's, or dossier upload --point's.
	ServicePoint string `json:"service_point,omitempty"`
}

// Result is a case's verdict as the contract writes it to OUT/<case-id>.json.
type Result struct {
	CaseID      string     `json:"case_id"`
	Type        CaseType   `json:"type"`
	Status      Status     `json:"status"`
	Reasons     []Reason   `json:"reasons"`
	Unit        Unit       `json:"unit"`
	Operator    Operator   `json:"operator"`
	Documents   []Document `json:"documents"`
	ProcessedAt time.Time  `json:"processed_at"`
	// ServicePoint is the counter that took the case, when known.
	ServicePoint string `json:"service_point,omitempty"`
	// Awaiting lists the documents a clerk asked the unit to bring again
	// (the contract's extensions); Decisions the clerks' decisions on the
	// case, oldest first. Both are absent until a clerk decides.
	Awaiting  []DocType  `json:"awaiting,omitempty"`
	Decisions []Decision `json:"decisions,omitempty"`
}

// Action is what a clerk decided on a case.
type Action string

// Clerks' actions, as the contract's extensions name them.
const (
	Approve         Action = "approve"          // a review case is ready
	Reject          Action = "reject"           // a review case is rejected, with reasons
	RequestReupload Action = "request_reupload" // the case stays rejected, waiting for named documents
	Overturn        Action = "overturn"         // a supervisor makes a pipeline rejection ready
)

// Decision is one clerk's decision on a case, as the result carries it.
type Decision struct {
	Action  Action    `json:"action"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	From    Status    `json:"from"`
	To      Status    `json:"to"`
	Note    string    `json:"note"`
	Reasons []Reason  `json:"reasons,omitempty"`
}

// Role is what a workbench user may do: a clerk decides review and
// rejected cases; a supervisor may also overturn a rejection; an admin
// may also manage users. Each role may do all that the one before may.
type Role string

// Workbench roles, least first.
const (
	Clerk      Role = "clerk"
	Supervisor Role = "supervisor"
	Admin      Role = "admin"
)

// Roles lists the roles, least first.
var Roles = []Role{Clerk, Supervisor, Admin}

// Can reports whether r holds at least the rights of min.
func (r Role) Can(min Role) bool {
	return slices.Index(Roles, r) >= slices.Index(Roles, min) && slices.Contains(Roles, r)
}

// User is a workbench account.
type User struct {
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// Event is one entry of the audit trail: who did what to which case, and
// the state before and after. The trail is only ever appended to.
type Event struct {
	ID     string    `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`  // a user's name, or "pipeline"
	Action string    `json:"action"` // verdict, approve, reject, ..., show_id, login, login_failed, ...
	Case   string    `json:"case,omitempty"`
	Before string    `json:"before,omitempty"`
	After  string    `json:"after,omitempty"`
	Detail string    `json:"detail,omitempty"` // what else: a note, a field, a reason code list
	Addr   string    `json:"addr,omitempty"`   // the client's address, for logins and web actions
}

// Summary is OUT/summary.json: counts by status and by reason code, and the run's wall time.
type Summary struct {
	Cases       int                `json:"cases"`
	ByStatus    map[Status]int     `json:"by_status"`
	ByReason    map[ReasonCode]int `json:"by_reason"`
	Pages       int                `json:"pages"`
	WallSeconds float64            `json:"wall_seconds"`
	// Refused lists the entries of the batch folder not taken as cases
	// (a symbolic link, a file beside the case folders, a name that cannot
	// be a case id); NoVerdict the cases that could not come to a verdict
	// in this run. Each says why.
	Refused   []Refusal `json:"refused,omitempty"`
	NoVerdict []Refusal `json:"no_verdict,omitempty"`
}

// Refusal is an entry of a batch, or a case, left without a verdict, and why.
type Refusal struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Summarize counts results by status and reason.
func Summarize(results []Result) Summary {
	s := Summary{Cases: len(results), ByStatus: map[Status]int{}, ByReason: map[ReasonCode]int{}}
	for _, r := range results {
		s.ByStatus[r.Status]++
		for _, rs := range r.Reasons {
			s.ByReason[rs.Code]++
		}
	}
	return s
}

// MaskID hides the middle of an identity number for logs: 110105********002X.
func MaskID(id string) string {
	if len(id) < 10 {
		return "****"
	}
	b := []byte(id)
	for i := 6; i < len(b)-4; i++ {
		b[i] = '*'
	}
	return string(b)
}

// Printable escapes control characters and invalid UTF-8 (as Go quotes
// them: \x1b, \n), so that a name printed to a terminal or a log line
// never drives the terminal or splits the line. Other text is unchanged.
func Printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) < 0 {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	return q[1 : len(q)-1]
}

// File is one file of a case as the pipeline tracks it.
type File struct {
	Case    string  `json:"case"`
	Name    string  `json:"name"`
	SHA256  string  `json:"sha256"`
	Size    int64   `json:"size"`
	Kind    string  `json:"kind"`    // what its bytes are: pdf, image, certificate, ...
	Pages   int     `json:"pages"`   // pages found by the split stage
	Split   bool    `json:"split"`   // the split stage has finished with it
	Problem *Reason `json:"problem"` // unreadable_file or unsupported_file, when the file cannot be taken
}

// Case is a case as the pipeline tracks it.
type Case struct {
	ID        string    `json:"case_id"`
	Info      Info      `json:"info"`
	Status    Status    `json:"status"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Page is one page's reading, stored as the extract stage wrote it.
type Page struct {
	Case   string `json:"case"`
	File   string `json:"file"`
	Page   int    `json:"page"`
	Result []byte `json:"result"` // JSON of the page's reading
}

// MaxCaseIDBytes bounds a case id so that every store holds it: a file
// name of OUT/<id>.json or results/<id>.json within 255 bytes, an S3 key
// within 1024 with the file's name after it.
const MaxCaseIDBytes = 200

// MaxDeclaredChars bounds each value a unit declares in case.json; longer
// values are cut, with a reason.
const MaxDeclaredChars = 256

// CheckCaseID says why a folder name cannot be a case id, or nil. Names are
// data: two dots inside one (a..b) are fine.
func CheckCaseID(id string) error {
	switch {
	case id == "" || id == "." || id == "..":
		return fmt.Errorf("%q is not a folder name", id)
	case strings.ContainsAny(id, "/\x00"):
		return fmt.Errorf("a case id cannot hold a slash or a NUL")
	case len(id) > MaxCaseIDBytes:
		return fmt.Errorf("the case id is %d bytes long, over the limit of %d: give the case folder a shorter name", len(id), MaxCaseIDBytes)
	case !utf8.ValidString(id):
		return fmt.Errorf("the case id is not valid UTF-8: rename the case folder")
	case strings.EqualFold(id, "summary"):
		return fmt.Errorf("%q cannot be a case id: the contract gives OUT/summary.json to the run's summary; rename the case folder", id)
	}
	return nil
}

// QueueFilter says which cases the clerks' queue shows; the zero value
// shows the open ones (review, and rejections no clerk has decided on),
// oldest first.
type QueueFilter struct {
	// View is "open" (the default), "review", "rejected", "awaiting"
	// (rejections waiting for the unit's documents), "decided" or "all".
	View     string
	Reason   ReasonCode // with this reason
	Type     CaseType
	Assignee string // a user's name, or "-" for nobody
	// Age: "" any, "1" under a day in the queue, "1-3", "3" over 3 days.
	Age    string
	Search string // in the case id, the unit's name or its code
	Offset int
	Limit  int // 0: 50
}

// QueueItem is one case as the queue lists it.
type QueueItem struct {
	ID       string
	Type     CaseType
	Status   Status
	UnitName string
	UnitCode string
	Reasons  []ReasonCode
	Assignee string
	Decided  bool
	Awaiting []DocType
	Since    time.Time // when it came to its state
}

// QueuePage is a page of the queue and the counts beside it.
type QueuePage struct {
	Items []QueueItem
	Total int            // cases the filter matches
	Open  map[Status]int // open cases (review; rejections undecided) by status
}

// AuditFilter says which events of the audit trail to read.
type AuditFilter struct {
	Case   string
	Since  time.Time
	Action string
	Limit  int // 0: all
}

// Errors the case store returns that callers act on.
var (
	ErrNoCase = errors.New("case not found")
	// ErrNoObject: the object store holds nothing under a key.
	ErrNoObject = errors.New("object not found")
	// ErrStale: the case changed since the clerk loaded it.
	ErrStale = errors.New("the case changed since you opened it")
	// ErrNotAllowed: the decision does not apply to the case as it stands.
	ErrNotAllowed = errors.New("that decision does not apply to the case as it stands")
	// ErrExists: a user of that name exists.
	ErrExists = errors.New("a user of that name exists")
	// ErrNoUser: no such user, or no such session.
	ErrNoUser = errors.New("no such user")
)

// Finding is one thing the nightly reconciliation found wrong between the
// object store, the case store and the queues.
type Finding struct {
	Kind   string `json:"kind"` // see the Find* constants
	Case   string `json:"case,omitempty"`
	Key    string `json:"key,omitempty"`  // the object concerned
	Task   string `json:"task,omitempty"` // the asynq task concerned
	Detail string `json:"detail,omitempty"`
	// Repaired says what --repair did about it; empty when nothing was
	// done. Person: a person must look (nothing safe to do on our own).
	Repaired string `json:"repaired,omitempty"`
	Person   bool   `json:"needs_person,omitempty"`
}

// Kinds of finding.
const (
	FindOrphanObject   = "orphan_object"  // a file in incoming/ no case records
	FindMissingObject  = "missing_object" // a recorded file whose object is gone
	FindChangedObject  = "changed_object" // a recorded file whose object differs (size or checksum)
	FindPageNoImage    = "page_without_image"
	FindOrphanImage    = "orphan_page_image" // a page image no recorded file points to
	FindStuckCase      = "stuck_case"        // pending or processing too long, no task to move it
	FindDeadTask       = "dead_task"         // a task asynq archived after its last retry
	FindOrphanTask     = "orphan_task"       // an active task no worker holds
	FindResultMissing  = "result_missing"    // a verdict with no results/<id>.json
	FindResultDiffers  = "result_differs"    // results/<id>.json differs from the case store
	FindNoResultStored = "verdict_without_result"
)

// DeadTask is a task asynq gave up on (archived) or that no worker holds,
// kept in the case store so that it survives asynq's own limits.
type DeadTask struct {
	ID        string    `json:"id"`
	Case      string    `json:"case,omitempty"`
	Type      string    `json:"type"`
	Payload   string    `json:"payload,omitempty"`
	State     string    `json:"state"` // archived, orphaned, requeued, gone
	LastError string    `json:"last_error,omitempty"`
	FailedAt  time.Time `json:"failed_at"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// ReconcileRun is one run of the reconciliation and what it found.
type ReconcileRun struct {
	ID       string         `json:"id"`
	Day      string         `json:"day"` // YYYY-MM-DD it ran for
	Started  time.Time      `json:"started"`
	Finished time.Time      `json:"finished"`
	Repair   bool           `json:"repair"`
	Counts   map[string]int `json:"counts"` // findings by kind, and what was checked (checked_*)
	Findings []Finding      `json:"findings"`
}

// CaseRecord is a case as the reconciliation and the report read it: its
// times, where it came from, and its stored result's size.
type CaseRecord struct {
	ID           string
	Type         CaseType
	Status       Status
	ServicePoint string
	Created      time.Time
	Updated      time.Time
	ResultBytes  int64 // 0: no result stored
	Reasons      []ReasonCode
	Assignee     string
	Decided      bool
}

// PageRecord is a page's reading as the reconciliation and the report see
// it: which file's page, and when it was read.
type PageRecord struct {
	Case string
	File string
	Page int
	Read time.Time
}
