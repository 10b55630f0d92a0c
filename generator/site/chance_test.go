package site

import (
	"math"
	"testing"
)

// TestChanceToBeat checks the closed form against values worked out by
// hand from the Beta densities: with no data both rates are uniform
// (1/2); one lead from one visitor makes B Beta(2,1) against a uniform A,
// P = ∫ 2x·x dx = 2/3; B Beta(2,1) against A Beta(1,2) is
// ∫ 2x·(2x − x²) dx = 5/6. The larger cases are symmetric: swapping the
// sides gives 1 − P.
func TestChanceToBeat(t *testing.T) {
	for _, c := range []struct {
		name       string
		a, b       Measured
		want       float64
		wantEnough bool
	}{
		{"nothing yet", Measured{}, Measured{}, 0.5, false},
		{"one lead of one", Measured{}, Measured{Visitors: 1, Leads: 1}, 2.0 / 3, false},
		{"one each way", Measured{Visitors: 1}, Measured{Visitors: 1, Leads: 1}, 5.0 / 6, false},
		{"views stand in for visitors", Measured{Views: 1}, Measured{Views: 1, Leads: 1}, 5.0 / 6, false},
		{"the same rates", Measured{Visitors: 200, Leads: 20}, Measured{Visitors: 200, Leads: 20}, 0.5, true},
		{"below the threshold", Measured{Visitors: 99, Leads: 10}, Measured{Visitors: 500, Leads: 50}, -1, false},
		{"too few leads", Measured{Visitors: 1000, Leads: 4}, Measured{Visitors: 1000, Leads: 5}, -1, false},
		{"just enough", Measured{Visitors: 100, Leads: 5}, Measured{Visitors: 100, Leads: 5}, 0.5, true},
	} {
		got := ChanceToBeat(c.a, c.b)
		if got.Enough != c.wantEnough {
			t.Errorf("%s: enough = %v, want %v", c.name, got.Enough, c.wantEnough)
		}
		if c.want >= 0 && math.Abs(got.P-c.want) > 1e-9 {
			t.Errorf("%s: P = %.12f, want %.12f", c.name, got.P, c.want)
		}
	}
	// A known case, checked against numerical integration of the two
	// Beta densities (20,000 intervals): 40 of 1,200
	// against 62 of 1,150.
	a, b := Measured{Visitors: 1200, Leads: 40}, Measured{Visitors: 1150, Leads: 62}
	got := ChanceToBeat(a, b).P
	if want := integrate(a, b); math.Abs(got-want) > 1e-6 {
		t.Errorf("40/1200 vs 62/1150: %.8f, integration gives %.8f", got, want)
	}
	if back := ChanceToBeat(b, a).P; math.Abs(got+back-1) > 1e-9 {
		t.Errorf("P(B>A) + P(A>B) = %.12f, want 1", got+back)
	}
}

// integrate computes P(pB > pA) = ∫ fB(x) FA(x) dx numerically.
func integrate(a, b Measured) float64 {
	sA, nA := a.trials()
	sB, nB := b.trials()
	pdf := func(x, al, be float64) float64 {
		if x <= 0 || x >= 1 {
			return 0
		}
		return math.Exp((al-1)*math.Log(x) + (be-1)*math.Log(1-x) - lbeta(al, be))
	}
	const n = 20000
	h := 1.0 / n
	cdfA, total := 0.0, 0.0
	prev := 0.0
	for i := 1; i <= n; i++ {
		x := float64(i) * h
		// The trapezoid rule for A's distribution function, the
		// midpoint rule for the outer integral: close to 1e-6.
		cur := pdf(x, 1+float64(sA), 1+float64(nA-sA))
		cdfA += (prev + cur) / 2 * h
		prev = cur
		mid := x - h/2
		total += pdf(mid, 1+float64(sB), 1+float64(nB-sB)) * (cdfA - cur*h/2) * h
	}
	return total
}
