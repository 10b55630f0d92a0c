package serve

// FormPath is where forms of the local provider post, below the site's
// base path; the form's name follows.
const FormPath = "__journey/forms/"
