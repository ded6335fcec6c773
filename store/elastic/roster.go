package elastic

// Trainee is one trainee of a class, as Provision needs it (the roster
// file itself is read by instance.ReadRoster (labs/instance), shared with soclab assign).
type Trainee struct {
	ID    string // required: the trainee's id (also their namespace and username, see Namespace)
	Name  string // optional full name
	Email string // optional
}
