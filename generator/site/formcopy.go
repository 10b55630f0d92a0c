package site

import "github.com/journey-ssg/journey/generator/content"

// FormCopy is what a form says around its fields: the heading of its
// card, the line under the heading, and its button. Title and Submit may
// hold placeholders.
type FormCopy struct {
	Title  []Segment
	Intro  string
	Submit []Segment
}

// purpose is what a form is for, after its kind and its page's stage. It
// decides the form's default fields and copy and its thank-you page's.
type purpose struct {
	// fields is the field list of a page that names none.
	fields []content.Field
	// title and submit are the heading and button of a page that says
	// neither.
	title, submit string
	// intro is the line under the heading, for a form with these fields.
	intro func(fieldKinds) string
	// thanks and thanksText are the thank-you page's heading and text.
	thanks, thanksText string
}

// purposeOf returns the purpose of a form of kind on a page of the stage
// with key stage: one per default stage, a review form in any stage, and
// a message for custom stages and pages without a stage.
func purposeOf(kind, stage string) purpose {
	if kind == "review" {
		return purpose{
			fields:     named("rating", "title", "review", "name"),
			title:      "Write your review",
			submit:     "Send my review",
			thanks:     "Thanks for your review",
			thanksText: "Your review appears after moderation: we read every review before it is published.",
			intro:      func(fieldKinds) string { return "It takes two minutes. We read every review before it’s published." },
		}
	}
	switch stage {
	case "awareness":
		return purpose{
			fields:     named("email", "name"),
			title:      "Get the guide",
			submit:     "Send me the guide",
			thanks:     "Check your inbox for the guide",
			thanksText: inboxText,
			intro:      byEmail,
		}
	case "consideration":
		return purpose{
			fields:     named("email", "name"),
			title:      "Get the comparison",
			submit:     "Email me the comparison",
			thanks:     "Check your inbox for the comparison",
			thanksText: inboxText,
			intro:      byEmail,
		}
	case decisionStage:
		return purpose{
			fields:     []content.Field{required("name"), {Name: "email"}, {Name: "phone"}, {Name: "message"}},
			title:      "Request a quote",
			submit:     "Request my quote",
			thanks:     "We’ll call you within a working day",
			thanksText: "Thanks for your request. If you left no phone number, we’ll reply by email instead.",
			intro:      callBack,
		}
	case "retention":
		return purpose{
			fields:     []content.Field{{Name: "name"}, {Name: "email"}, required("message")},
			title:      "Tell us how it’s going",
			submit:     "Send my feedback",
			thanks:     "Thanks for your feedback",
			thanksText: "It goes straight to the team. If you asked for help, we’ll get back to you within a working day.",
			intro: func(k fieldKinds) string {
				if k.box {
					return "Tell us what works for you and what doesn’t. Your feedback shapes what we do next."
				}
				return "Leave your details and we’ll be in touch to hear how it’s going."
			},
		}
	}
	return purpose{
		fields:     named("name", "email", "message"),
		title:      "Get in touch",
		submit:     "Send my message",
		thanks:     "Thank you",
		thanksText: "Your message has reached us. We’ll get back to you soon.",
		intro:      message,
	}
}

const inboxText = "We’ve sent it to the address you gave us. If it isn’t there in a few minutes, look in your spam folder."

// fieldKinds says what a form asks for, which its intro must not
// contradict.
type fieldKinds struct {
	email, phone, box bool
	// product is the name of the product the form is about, or empty.
	product string
}

func kindsOf(fields []Field, product *Product) fieldKinds {
	var k fieldKinds
	for _, f := range fields {
		switch f.Type {
		case "email":
			k.email = true
		case "tel":
			k.phone = true
		case "textarea":
			k.box = true
		}
	}
	if product != nil {
		k.product = product.DisplayName()
	}
	return k
}

// byEmail is the intro of a form that sends something by email.
func byEmail(k fieldKinds) string {
	if !k.email {
		return message(k)
	}
	return "Leave your email and we’ll send it straight to your inbox."
}

// callBack is the intro of a form that books or asks for an offer.
func callBack(k fieldKinds) string {
	if k.phone {
		return "Leave your details and we’ll call you within a working day."
	}
	return "Leave your details and we’ll get back to you within a working day."
}

// message is the intro of a form that asks for a message.
func message(k fieldKinds) string {
	switch {
	case !k.box:
		return "Leave your details and we’ll get back to you."
	case k.product != "":
		return "Ask us anything about " + k.product + " and we’ll get back to you."
	}
	return "Ask us anything and we’ll get back to you."
}

func named(names ...string) []content.Field {
	out := make([]content.Field, len(names))
	for i, n := range names {
		out[i] = content.Field{Name: n}
	}
	return out
}

// required names a built-in field that is required in this list, though
// it is optional by default.
func required(name string) content.Field {
	yes := true
	return content.Field{Name: name, Required: &yes}
}

// copyOf returns the form's copy: params.form_title and form_intro where
// the page sets them; else a button saying the page's submit or its call
// to action, under a heading that says the same (a review form keeps its
// heading, which fits any button); else the purpose's copy. The intro
// fits the fields the form has.
func (s *formSpec) copyOf(fields []Field) FormCopy {
	p := purposeOf(s.kind, stageKey(s.stage))
	c := FormCopy{Title: plain(p.title), Intro: p.intro(kindsOf(fields, s.product)), Submit: plain(p.submit)}
	own := plain(s.submit)
	if own == nil {
		own = s.cta
	}
	if own != nil {
		c.Submit = own
		if s.kind != "review" {
			c.Title = own
		}
	}
	if s.title != "" {
		c.Title = plain(s.title)
	}
	if s.intro != "" {
		c.Intro = s.intro
	}
	return c
}

// plain is text without placeholders as segments, nil when empty.
func plain(s string) []Segment {
	if s == "" {
		return nil
	}
	return []Segment{{Text: s}}
}

func stageKey(st *Stage) string {
	if st == nil {
		return ""
	}
	return st.Key
}
