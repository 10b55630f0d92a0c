package config

import (
	"sort"
	"strings"
)

// DefaultStages returns the five stages used when the site defines none.
func DefaultStages() []Stage {
	return []Stage{
		{Key: "awareness", Name: "Awareness", Order: 1, Color: "#3b82c4",
			Goal: "Be found by people who have the problem", Description: "The customer realises they have a need and starts looking around."},
		{Key: "consideration", Name: "Consideration", Order: 2, Color: "#7c5cc4",
			Goal: "Be the option they compare seriously", Description: "The customer weighs options, reads reviews and compares."},
		{Key: "decision", Name: "Decision", Order: 3, Color: "#c4572e",
			Goal: "Make choosing us easy and safe", Description: "The customer picks a product and buys."},
		{Key: "retention", Name: "Retention", Order: 4, Color: "#2e8f5b",
			Goal: "Deliver the value they bought", Description: "The customer uses the product and decides whether to stay."},
		{Key: "advocacy", Name: "Advocacy", Order: 5, Color: "#b3861b",
			Goal: "Turn happy customers into promoters", Description: "The customer recommends the product, reviews it and refers others."},
	}
}

// Default returns the configuration of a site without journey.toml.
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

func (c *Config) applyDefaults() {
	if c.Title == "" {
		c.Title = "Customer journeys"
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.LanguageCode == "" {
		c.LanguageCode = "en"
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Brand.Name == "" {
		c.Brand.Name = c.Title
	}
	if c.Brand.Primary == "" {
		c.Brand.Primary = "#1f4e79"
	}
	if c.Brand.Accent == "" {
		c.Brand.Accent = "#b4451f"
	}
	if c.Forms.Provider == "" {
		c.Forms.Provider = "local"
	}
	if c.Team.Publish == "" {
		c.Team.Publish = TeamSeparate
	}
	if c.Team.Dest == "" {
		c.Team.Dest = "team"
	}
	if c.Team.BaseURL != "" && !strings.HasSuffix(c.Team.BaseURL, "/") {
		c.Team.BaseURL += "/"
	}
	if c.Team.AdSource == "" {
		c.Team.AdSource = "google"
	}
	if c.Team.AdMedium == "" {
		c.Team.AdMedium = "cpc"
	}
	if c.Landing.Chrome == "" {
		c.Landing.Chrome = "campaign"
	}
	if len(c.Stages) == 0 {
		c.Stages = DefaultStages()
	}
	for i := range c.Stages {
		s := &c.Stages[i]
		if s.Name == "" {
			s.Name = titleCase(s.Key)
		}
		if s.Order == 0 {
			s.Order = i + 1
		}
	}
	sort.SliceStable(c.Stages, func(i, j int) bool { return c.Stages[i].Order < c.Stages[j].Order })
	for i := range c.Stages {
		if c.Stages[i].Color == "" {
			c.Stages[i].Color = stagePalette(i)
		}
	}
}

// stagePalette colors the i-th custom stage that sets no color; each color
// passes AA contrast against white.
func stagePalette(i int) string {
	palette := [...]string{"#3b6fb6", "#7c5cc4", "#c4572e", "#2e8f5b", "#8f6a12", "#b8336a", "#2f7f8f"}
	return palette[i%len(palette)]
}

func titleCase(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
