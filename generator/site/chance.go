package site

import "math"

// The least data a comparison of a variant with its control needs before
// it says which is ahead: fewer, and the page says "not enough data yet".
const (
	// MinVisitors is the visitors each side needs.
	MinVisitors = 100
	// MinActions is the leads (or reviews) both sides need together.
	MinActions = 10
)

// Chance is the probability that a variant converts better than its
// control.
type Chance struct {
	// P is the probability, from 0 to 1.
	P float64
	// Enough says both sides reached MinVisitors and, together,
	// MinActions: below that, P is computed but not shown.
	Enough bool
}

// ChanceToBeat returns the probability that variant's conversion rate is
// above control's. Each rate has a Beta posterior under a flat prior,
// Beta(1 + actions, 1 + visitors − actions); the probability is computed
// exactly, with the closed-form sum over the variant's successes (no
// sampling, so the same numbers always give the same answer):
//
//	P(pB > pA) = Σ_{i=0}^{αB−1} B(αA+i, βA+βB) / ((βB+i) · B(1+i, βB) · B(αA, βA))
func ChanceToBeat(control, variant Measured) Chance {
	sA, nA := control.trials()
	sB, nB := variant.trials()
	aA, bA := 1+float64(sA), 1+float64(nA-sA)
	aB, bB := 1+float64(sB), 1+float64(nB-sB)
	total := 0.0
	lbA := lbeta(aA, bA)
	for i := 0.0; i < aB; i++ {
		total += math.Exp(lbeta(aA+i, bA+bB) - math.Log(bB+i) - lbeta(1+i, bB) - lbA)
	}
	return Chance{
		P:      math.Min(1, math.Max(0, total)),
		Enough: nA >= MinVisitors && nB >= MinVisitors && sA+sB >= MinActions,
	}
}

// lbeta is the logarithm of the Beta function.
func lbeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}
