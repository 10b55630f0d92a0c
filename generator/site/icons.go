package site

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// ChannelIcons lists the built-in icons of touchpoints and channels. The
// theme draws each as assets/icons/channel-<key>.svg.
func ChannelIcons() []string {
	return []string{"web", "email", "phone", "sms", "chat", "social", "search", "ads", "app", "store",
		"event", "print", "video", "podcast", "partner", "support", "review-site", "referral"}
}

// iconNames are the names and words that take a built-in icon, besides
// the icons' own keys.
var iconNames = map[string]string{
	"website": "web", "online": "web", "blog": "web", "landing page": "web", "webpage": "web",
	"e-mail": "email", "mail": "email", "newsletter": "email",
	"call": "phone", "telephone": "phone", "hotline": "phone",
	"text message": "sms",
	"live chat":    "chat", "chatbot": "chat", "messenger": "chat", "whatsapp": "chat",
	"instagram": "social", "facebook": "social", "tiktok": "social", "linkedin": "social", "twitter": "social", "pinterest": "social", "reddit": "social", "strava": "social",
	"google": "search", "seo": "search", "bing": "search",
	"ad": "ads", "advert": "ads", "advertising": "ads", "banner": "ads", "sea": "ads",
	"mobile app": "app", "ios": "app", "android": "app", "push": "app", "notification": "app",
	"shop": "store", "showroom": "store", "dealer": "store", "retail": "store", "branch": "store",
	"fair": "event", "expo": "event", "meetup": "event", "workshop": "event",
	"letter": "print", "flyer": "print", "brochure": "print", "magazine": "print", "poster": "print", "leaflet": "print", "catalogue": "print", "catalog": "print",
	"youtube": "video", "tv": "video", "webinar": "video",
	"radio":     "podcast",
	"affiliate": "partner", "reseller": "partner", "employer": "partner",
	"help": "support", "helpdesk": "support", "faq": "support", "customer service": "support", "service": "support",
	"review site": "review-site", "review": "review-site", "trustpilot": "review-site", "yelp": "review-site",
	"word of mouth": "referral", "friend": "referral", "recommendation": "referral",
}

// iconKey reads an icon's name as written in [icons]: its key, or its key
// with spaces ("review site").
func iconKey(name string) string {
	k := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "-")
	if slices.Contains(ChannelIcons(), k) {
		return k
	}
	return ""
}

// siteIcons checks [icons] in journey.toml: each name must map to a
// built-in icon.
func (b *builder) siteIcons() map[string]string {
	out := map[string]string{}
	for _, name := range sortedKeys(b.cfg.Icons) {
		icon := b.cfg.Icons[name]
		k := iconKey(icon)
		if k == "" {
			b.problems.Add(unknownRef(b.cfg.Pos(fmt.Sprintf("icons.%s", name)), "icon", icon, ChannelIcons()))
			continue
		}
		out[strings.ToLower(strings.TrimSpace(name))] = k
	}
	return out
}

// Icon returns the built-in icon a touchpoint or channel takes, or "" when
// none fits: the icon [icons] maps its name to, else the icon its whole
// name or, reading left to right, one of its words (or two-word phrases)
// names. "Instagram post" takes "social".
func (m *Model) Icon(name string) string {
	n := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if k, ok := m.icons[n]; ok {
		return k
	}
	if k := wordIcon(n); k != "" {
		return k
	}
	words := strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
	for i, w := range words {
		if i+1 < len(words) {
			if k := wordIcon(w + " " + words[i+1]); k != "" {
				return k
			}
		}
		if k := wordIcon(w); k != "" {
			return k
		}
	}
	return ""
}

// wordIcon returns the icon a name or word names, singular or plural.
func wordIcon(w string) string {
	for _, v := range []string{w, strings.TrimSuffix(w, "s")} {
		if k := iconKey(v); k != "" {
			return k
		}
		if k, ok := iconNames[v]; ok {
			return k
		}
	}
	return ""
}

// Icons lists the icons the journey's touchpoints and channels take, in
// the order of ChannelIcons: what its map draws.
func (j *Journey) Icons() []string {
	used := map[string]bool{}
	for _, s := range j.Steps {
		for _, n := range append(slices.Clip(s.Touchpoints), s.Channels...) {
			if k := j.Page.Site.Icon(n); k != "" {
				used[k] = true
			}
		}
	}
	var out []string
	for _, k := range ChannelIcons() {
		if used[k] {
			out = append(out, k)
		}
	}
	return out
}
