"""``check``: equivalent rewritings, corrupted formulas, the command line."""

import json

import pytest
import sympy as sp

import momentum_sym
from momentum_sym import cli
from momentum_sym.audit.compare import check
from tests.audit.conftest import needs_parser

#: heavy-ball-worst-case.error as the texts write it, in the eigenvalues
_ERROR = (r"\frac{\sigma_1\sigma_2^k-\sigma_1^k\sigma_2+\sigma_1^k(1-\alpha\lambda)"
          r"-\sigma_2^k(1-\alpha\lambda)}{\sigma_1-\sigma_2}")

REWRITINGS = [
    # s is the derivation's own square root, solved for on the way (s = sqrt(2/(kappa+1))
    # at gradient descent's optimum): its value there is put in
    ("gd-optimal-parameters.rate", r"1-s^2"),
    ("gd-optimal-parameters.alpha", r"\frac{s^2}{\lambda_1}"),
    ("heavy-ball-optimal-parameters.rate", r"1-s"),
    ("heavy-ball-optimal-parameters.beta", r"(1-s)^2"),
    # inverses that exist, beside the singular ones refused
    ("quadratic-optimum.w_star", r"(A^T A)^{-1} A^T b"),
    ("colorization.gradient_step",
     r"(L_G + P_D)^{-1}(L_G + P_D) w - \alpha(L_G w + P_D w - e_D)"),
    # target, a formula equal to it on the domain (kappa against lambda forms, expanded
    # against factored, the article's notation against the canonical one)
    ("gd-optimal-step-size.rate", r"\frac{\kappa-1}{\kappa+1}"),
    ("gd-optimal-step-size.rate", r"\frac{\lambda_n/\lambda_1-1}{\lambda_n/\lambda_1+1}"),
    ("gd-optimal-step-size.rate", r"\frac{\lambda_n-\lambda_1}{\lambda_n+\lambda_1}"),
    ("gd-optimal-step-size.rate", r"1 - \frac{2}{\kappa+1}"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{\lambda_1+\lambda_n}"),
    ("gd-optimal-step-size.alpha", r"\frac{2/\lambda_1}{1+\kappa}"),
    ("gd-closed-form.x_k", r"x_i^0 (1-\alpha\lambda)^k"),
    # TeX's other spellings
    ("gd-optimal-step-size.alpha", r"{2 \over \lambda_1+\lambda_n}"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{\sqrt[2]{(\lambda_1+\lambda_n)^2}}"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{\lvert\lambda_1+\lambda_n\rvert}"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{{\lambda}_{1}+{\lambda}_{n}}"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{\lambda_\text{min}+\lambda_\text{max}}"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{\lambda_{\text{min}}+\lambda_{\text{max}}}"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{\lambda_1+\lambda_n} \tag{3} \label{eq:a}"),
    ("gd-optimal-step-size.alpha", r"\frac{2\phantom{x}}{\lambda_1+\lambda_n}\nonumber"),
    ("gd-optimal-step-size.alpha", r"\frac{2{,}000}{1000(\lambda_1+\lambda_n)}"),
    ("gd-closed-form.x_k", r"(1-\alpha\lambda_i)^{k} x^0_i"),
    ("gd-loss-decomposition.term", r"\frac{1}{2}\lambda (1-\alpha\lambda)^{2k} (x_i^0)^2"),
    ("gd-loss-decomposition.term",
     r"\tfrac12 \lambda_i \left[(1-\alpha\lambda_i)^k x_i^0\right]^2"),
    ("gd-eigen-decoupling.x_next", r"x_i^k - \alpha\lambda x_i^k"),
    ("momentum-convergence-region.upper", r"2(1+\beta)"),
    ("momentum-convergence-region.upper", r"0 < \alpha\lambda < 2 + 2\beta"),
    ("momentum-eigen-decoupling.x_next", r"x_i^k - \alpha(\beta y_i^k + \lambda x_i^k)"),
    ("momentum-eigen-decoupling.x_next", r"(1-\alpha\lambda)x_i^k - \alpha\beta y_i^k"),
    ("momentum-iteration-matrix.R",
     r"\begin{pmatrix} \beta & \lambda \\ -\alpha\beta & 1-\alpha\lambda \end{pmatrix}"),
    ("momentum-eigenvalues.sigma_1",
     r"\frac{1+\beta-\alpha\lambda+\sqrt{(1+\beta-\alpha\lambda)^2-4\beta}}{2}"),
    ("matrix-power-2x2.distinct",
     r"\frac{\sigma_1^k (R - \sigma_2 I) - \sigma_2^k (R - \sigma_1 I)}{\sigma_1 - \sigma_2}"),
    ("matrix-power-2x2.repeated", r"k\sigma_1^{k-1}R - (k-1)\sigma_1^k I"),
    ("rosenbrock-optimum.limit", r"\left(\frac{\sqrt\kappa - 1}{\sqrt\kappa+1}\right)^i"),
    ("rosenbrock-lower-bound.bound", r"\left(1 - \frac{2}{\sqrt{\kappa}+1}\right)^k"),
    ("quadratic-optimum.w_star", r"A^{-1}b"),
    # the common names of the ends of the spectrum and of the step size, read and said
    ("gd-optimal-step-size.alpha", r"\frac{2}{\mu+L}"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{\lambda_{\min}+\lambda_{\max}}"),
    ("gd-optimal-step-size.rate", r"\frac{L-\mu}{L+\mu}"),
    ("gd-closed-form.x_k", r"(1-\eta\lambda)^k x_i^0"),
    ("quadratic-optimum.gradient", r"-(b - Aw)"),
    ("early-stopping-vs-tikhonov.tikhonov_filter", r"\frac{\lambda}{\lambda+\eta}"),
    ("critical-damping.beta", r"(1-\sqrt{\alpha\lambda})^2"),
    ("critical-damping.beta", r"1 - 2\sqrt{\alpha\lambda} + \alpha\lambda"),
    ("critical-damping.rate", r"\left|1 - \sqrt{\alpha\lambda}\right|"),
    ("momentum-optimal-parameters.beta",
     r"\left(\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}\right)^2"),
    ("momentum-optimal-parameters.alpha", r"\frac{4}{(\sqrt{\lambda_1}+\sqrt{\lambda_n})^2}"),
    ("effective-gradient-count.count", r"\frac{1}{1-\beta}"),
]

CORRUPTIONS = [
    # a model of fixed size (the colorization's graph of 9 pixels): its own instance
    ("colorization.gradient_step", r"w - \alpha(L_G w + e_D)"),
    ("colorization.gradient_step", r"w - \alpha(L_G w + P_D w + e_D)"),
    # target, a small corruption of a correct formula
    ("gd-optimal-step-size.rate", r"\frac{\kappa+1}{\kappa-1}"),
    ("gd-optimal-step-size.rate", r"\frac{\kappa-1}{\kappa}"),
    ("gd-optimal-step-size.alpha", r"\frac{1}{\lambda_1+\lambda_n}"),
    ("gd-closed-form.x_k", r"x_i^0 (1-\alpha\lambda)^{k+1}"),
    ("gd-closed-form.x_k", r"x_i^0 (1+\alpha\lambda)^k"),
    ("gd-loss-decomposition.term", r"\lambda (1-\alpha\lambda)^{2k} (x_i^0)^2"),
    ("gd-eigen-decoupling.x_next", r"x_i^k - \lambda x_i^k"),
    ("momentum-convergence-region.upper", r"2+\beta"),
    ("momentum-eigen-decoupling.x_next", r"x_i^k - \alpha(\beta y_i^k - \lambda x_i^k)"),
    ("momentum-iteration-matrix.R",
     r"\begin{pmatrix} \beta & \lambda \\ -\alpha\beta & 1-\alpha\beta \end{pmatrix}"),
    ("momentum-iteration-matrix.R",
     r"\begin{pmatrix} \lambda & \beta \\ -\alpha\beta & 1-\alpha\lambda \end{pmatrix}"),
    ("momentum-eigenvalues.sigma_1",
     r"\frac{1+\beta-\alpha\lambda-\sqrt{(1+\beta-\alpha\lambda)^2-4\beta}}{2}"),
    ("matrix-power-2x2.distinct",
     r"\frac{\sigma_1^k (R - \sigma_1 I) - \sigma_2^k (R - \sigma_2 I)}{\sigma_1 - \sigma_2}"),
    ("quadratic-optimum.w_star", r"-A^{-1}b"),
    ("quadratic-optimum.gradient", r"Aw + b"),
    ("critical-damping.beta", r"(1-\alpha\lambda)^2"),
    ("momentum-optimal-parameters.beta",
     r"\left(\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}\right)"),
    ("effective-gradient-count.count", r"\frac{1}{1+\beta}"),
    # s is the derivation's own square root, at its solved value (not a free number)
    ("gd-optimal-parameters.rate", r"1-s^3"),
    # the article's rate at critical damping holds only for alpha lambda <= 1
]


def _skip_unregistered(target):
    if target.split(".")[0] not in momentum_sym.ids():
        pytest.skip(f"{target} is not registered yet")


@needs_parser
@pytest.mark.parametrize(("target", "latex"), REWRITINGS)
def test_rewritings_are_equivalent(target, latex):
    _skip_unregistered(target)
    verdict = check(latex, target)
    assert verdict.verdict == "equivalent", verdict.message


@needs_parser
@pytest.mark.parametrize(("target", "latex"), CORRUPTIONS)
def test_corruptions_are_different(target, latex):
    _skip_unregistered(target)
    verdict = check(latex, target)
    assert verdict.verdict == "different", verdict.message
    assert verdict.counterexample is not None and verdict.correction_latex


_SIGMAS_ONLY = (r"\frac{\sigma_1^{k+1}(1-\sigma_2) - \sigma_2^{k+1}(1-\sigma_1)}"
                r"{\sigma_1-\sigma_2}")

RELATIONS = [
    # target, a formula with relations, the verdict: the whole relation is what is claimed
    # an inequality is the region the result ends, compared as a region
    ("momentum-convergence-region.upper", r"0 < \alpha\lambda < 2 + 2\beta", "equivalent"),
    ("momentum-convergence-region.upper", r"\alpha\lambda < 2(1+\beta)", "equivalent"),
    ("gd-step-size-range.upper", r"\alpha < \frac{2}{\lambda}", "equivalent"),
    ("gd-step-size-range.upper", r"0 < \alpha\lambda < 2", "equivalent"),
    ("nesterov-convergence-region.upper",
     r"0 < \alpha\lambda < \frac{2+2\beta}{1+2\beta}", "equivalent"),
    ("momentum-convergence-region.upper", r"\alpha\lambda > 2 + 2\beta", "different"),
    ("momentum-convergence-region.upper", r"1 < \alpha\lambda < 2 + 2\beta", "different"),
    ("momentum-convergence-region.upper", r"0 < \alpha < 2 + 2\beta", "different"),
    ("gd-step-size-range.upper", r"\alpha\lambda \le 2", "different"),
    ("gd-step-size-range.upper", r"\alpha\lambda \ge 0", "different"),
    ("gd-step-size-range.upper", r"0 < t < 2", "equivalent"),  # t is alpha lambda
    ("momentum-convergence-region.upper", r"0 < \alpha\lambda < 2 + 2\beta = 2(1+\beta)",
     "equivalent"),
    # against a value, an inequality cannot be compared; nor a claim that two things differ
    # (false here, but "2/(L+mu) != 1/L" is true: the value decides neither)
    ("critical-damping.beta", r"\beta \ge (1-\sqrt{\alpha\lambda})^2", "unreadable"),
    ("gd-optimal-step-size.alpha", r"\alpha < \frac{2}{\lambda_1+\lambda_n}", "unreadable"),
    ("critical-damping.beta", r"\beta \ne (1-\sqrt{\alpha\lambda})^2", "unreadable"),
    ("momentum-convergence-region.upper", r"\alpha\lambda \ne 2+2\beta", "unreadable"),
    ("gd-step-size-range.upper", r"0 < \alpha\lambda \approx 2", "unreadable"),
    ("gd-optimal-step-size.alpha", r"\alpha \approx \frac{2}{\lambda_1+\lambda_n}",
     "equivalent"),  # an approximation: its value is compared
    # in an equation, a name for the value, or every member the value
    ("critical-damping.beta", r"\beta = (1-\sqrt{\alpha\lambda})^2", "equivalent"),
    ("critical-damping.beta", r"x = (1-\sqrt{\alpha\lambda})^2", "equivalent"),
    ("critical-damping.beta",
     r"\beta = 1 - 2\sqrt{\alpha\lambda} + \alpha\lambda = (1-\sqrt{\alpha\lambda})^2",
     "equivalent"),
    ("gd-eigen-decoupling.x_next", r"x_i^{k+1} = x_i^k - \alpha\lambda x_i^k", "equivalent"),
    ("critical-damping.beta", r"\alpha = (1-\sqrt{\alpha\lambda})^2", "different"),
    ("critical-damping.beta", r"(1-\alpha\lambda)^2 = (1-\sqrt{\alpha\lambda})^2", "different"),
    ("critical-damping.beta", r"\beta = (1-\alpha\lambda)^2 = (1-\sqrt{\alpha\lambda})^2",
     "different"),
    # the name may stand on either side; a quantity of the result is not a name
    ("critical-damping.beta", r"(1-\sqrt{\alpha\lambda})^2 = \beta", "equivalent"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{\lambda_1+\lambda_n} = \alpha", "equivalent"),
    ("gd-step-size-range.upper", r"\alpha = 2", "different"),
    ("gd-optimal-step-size.alpha", r"\lambda = \frac{2}{\lambda_1+\lambda_n}", "different"),
    ("nesterov-convergence-region.upper", r"\alpha = \frac{2+2\beta}{1+2\beta}", "different"),
    # once internal errors: a proof whose method names mathematics, a region's exact
    # complement (z3 gave no point), a result that is itself a condition
    ("momentum-optimal-parameters.rate", r"\left|\frac{\sqrt\kappa-1}{\sqrt\kappa+1}\right|",
     "equivalent"),
    ("momentum-convergence-region.upper", r"\alpha\lambda \ge 2+2\beta", "different"),
    ("gd-convergence-region.upper", r"2 \le \alpha\lambda", "different"),
    ("momentum-regimes.one_step", r"\beta = 0", "different"),
    ("momentum-regimes.one_step", r"\beta", "unreadable"),
    # an equation in the result's own name: the value put in for it
    ("momentum-optimal-parameters.beta", r"\sqrt{\beta} = \frac{\sqrt\kappa-1}{\sqrt\kappa+1}",
     "equivalent"),
    ("momentum-optimal-parameters.beta", r"\sqrt{\beta} = \frac{\sqrt\kappa+1}{\sqrt\kappa-1}",
     "different"),
    ("gd-optimal-step-size.alpha", r"\frac{1}{\alpha} = \frac{L+\mu}{2}", "equivalent"),
    ("gd-optimal-step-size.alpha", r"\frac{1}{\alpha} = \frac{L-\mu}{2}", "different"),
    ("critical-damping.beta", r"\sqrt\beta = |1-\sqrt{\alpha\lambda}|", "equivalent"),
    # alpha lambda (the quantity t) names a regime's boundary; an equation against the
    # end of a region is the same set of points, or not
    ("momentum-regimes.monotone_to_ripples", r"\alpha\lambda = (1-\sqrt\beta)^2", "equivalent"),
    ("momentum-regimes.monotone_to_ripples", r"t = (1-\sqrt\beta)^2", "equivalent"),
    ("momentum-regimes.monotone_to_ripples", r"\alpha\lambda = (1+\sqrt\beta)^2", "different"),
    ("gd-step-size-range.upper", r"\alpha = 2/\lambda", "equivalent"),
    ("gd-step-size-range.upper", r"\alpha = 1/\lambda", "different"),
    # the name of the value at another step than the result's
    ("gd-closed-form.x_k", r"x_i^{k+1} = x_i^0 (1-\alpha\lambda)^k", "different"),
    ("gd-closed-form.x_k", r"x_i^{k+1} = x_i^0 (1-\alpha\lambda)^{k+1}", "equivalent"),
    ("gd-closed-form.x_k", r"x_i^{2k} = x_i^0 (1-\alpha\lambda)^k", "different"),
    # another result of the derivation, named in the formula, is put in
    ("critical-damping.rate", r"\sqrt{\beta}", "equivalent"),
    ("momentum-optimal-parameters.rate", r"\sqrt{\beta}", "equivalent"),
    # eigenvalues sigma_1, sigma_2 are another result's values: a verdict other than
    # equivalent is reached at points where they are (sigma_1 + sigma_2 - sigma_1 sigma_2
    # = 1 - alpha lambda for the heavy ball and Nesterov, not for PyTorch's SGD or QHM)
    ("heavy-ball-worst-case.error", _SIGMAS_ONLY, "equivalent"),
    ("nesterov-worst-case.error", _SIGMAS_ONLY, "equivalent"),
    ("sutskever-worst-case.error", _SIGMAS_ONLY, "equivalent"),
    ("heavy-ball-worst-case.error", _SIGMAS_ONLY.replace("k+1", "k"), "different"),
    ("pytorch-sgd-worst-case.error", _SIGMAS_ONLY, "different"),
    # beta beside them, with a power sigma^(k-1) that may be 0^(-1): not decided
    ("heavy-ball-worst-case.error", r"\frac{\beta(\sigma_2^{k-1}-\sigma_1^{k-1})"
     r"+(\sigma_1^k-\sigma_2^k)(1-\alpha\lambda)}{\sigma_1-\sigma_2}", "undecided"),
    # an exact member before an approximation is claimed too
    ("gd-optimal-step-size.alpha", r"\alpha = \frac{1}{L} \approx \frac{2}{L+\mu}", "different"),
    ("gd-optimal-step-size.alpha", r"\alpha = \frac{2}{L+\mu} \approx \frac{2}{L}", "equivalent"),
    ("gd-optimal-step-size.alpha", r"\alpha = \frac{2}{\lambda_1+\lambda_n} \approx \frac{2}{q}",
     "equivalent"),
    ("gd-closed-form.x_k", r"x_i^{k+1} \approx (1-\alpha\lambda)^{k+1}x_i^0", "equivalent"),
    # parts after commas: claims of their own, conditions, or one region together
    ("gd-optimal-step-size.alpha", r"\alpha = \frac{2}{L+\mu}, \alpha = \frac{1}{L}", "different"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{L+\mu}, \frac{1}{L}", "different"),
    ("gd-optimal-step-size.alpha", r"\alpha = \frac{2}{L+\mu}, \quad L > \mu", "equivalent"),
    ("momentum-convergence-region.upper",
     r"0 < \alpha\lambda < 2+2\beta, \quad 0 < \alpha\lambda < 1", "different"),
    ("momentum-convergence-region.upper", r"\alpha\lambda > 0, \alpha\lambda < 2+2\beta",
     "equivalent"),
    ("momentum-regimes.one_step", r"\beta = 0, \alpha\lambda = 1", "equivalent"),
    # t is a name only where the value is a value of t; a boundary is a set of points
    ("heavy-ball-critical-damping.beta", r"t = (\sqrt{\alpha\lambda}-1)^2", "different"),
    ("heavy-ball-regimes.divergence", r"\alpha\lambda = 2\beta+2", "equivalent"),
    ("momentum-regimes.monotone_to_ripples", r"\alpha = (1-\sqrt\beta)^2/\lambda", "equivalent"),
    # definitions, index ranges and conditions after a comma are not claims
    ("gd-optimal-step-size.rate", r"\rho = \frac{\kappa-1}{\kappa+1}, \kappa = \lambda_n/\lambda_1",
     "equivalent"),
    ("gd-closed-form.x_k", r"x_i^{k} = x_i^0(1-\alpha\lambda)^k, \quad i = 1, \dots, n",
     "equivalent"),
    ("momentum-convergence-region.upper", r"0<\alpha\lambda<3, \beta = 1/2", "equivalent"),
    ("momentum-convergence-region.upper", r"0<\alpha\lambda<2, \beta = 1/2", "different"),
    # an implicit equation must fix the value
    ("critical-damping.beta", r"\sqrt{\beta} = \sqrt{\beta}", "undecided"),
    ("critical-damping.beta", r"\beta^2 - 2(1+\alpha\lambda)\beta + (1-\alpha\lambda)^2 = 0",
     "undecided"),
    # a step the name does not say readably; a decimal comma; an odd root: not misread
    ("gd-closed-form.x_k", r"x_i(k+1) = x_i^0 (1-\alpha\lambda)^{k+1}", "undecided"),
    ("gd-optimal-step-size.alpha", r"\frac{2{,}0}{\lambda_1+\lambda_n}", "unreadable"),
    ("gd-optimal-step-size.alpha", r"\frac{-\sqrt[3]{-8}}{\lambda_1+\lambda_n}", "unreadable"),
    ("gd-optimal-step-size.alpha", r"\frac{-(-8)^{1/3}}{\lambda_1+\lambda_n}", "unreadable"),
    # the second review: conditions outside the domain, definitions that change the
    # meaning, claims named on the right, conditions in lambda, steps in scripts
    ("momentum-convergence-region.upper", r"0<\alpha\lambda<100, \beta = 2", "undecided"),
    ("gd-optimal-step-size.rate",
     r"\rho = \frac{\kappa-1}{\kappa+1}, \kappa = \lambda_1/\lambda_n", "different"),
    ("gd-optimal-step-size.rate",
     r"\rho = \frac{L-\mu}{L+\mu}, \quad L = \lambda_1, \mu = \lambda_n", "different"),
    ("gd-optimal-step-size.alpha", r"\frac{2}{L+\mu} = \alpha, \quad \frac{1}{L} = \alpha",
     "different"),
    ("gd-step-size-range.upper", r"\alpha = \frac{2}{\lambda}, \quad \lambda > 0", "equivalent"),
    ("gd-step-size-range.upper", r"0<\alpha\lambda<2, \quad \lambda > 5", "equivalent"),
    ("momentum-convergence-region.upper", r"0<\alpha<3, \lambda=1, \beta=1/2", "equivalent"),
    ("momentum-convergence-region.upper", r"0<\alpha\lambda<3 \text{ for } \beta=1/2",
     "equivalent"),
    ("gd-optimal-step-size.rate",
     r"\rho = \frac{\kappa-1}{\kappa+1} \quad \kappa = \frac{\lambda_n}{\lambda_1}", "equivalent"),
    ("gd-closed-form.x_k", r"x_i^{k} = x_i^0(1-\alpha\lambda)^k, \quad k = 1, 2, \ldots",
     "equivalent"),
    ("gd-closed-form.x_k", r"x_i^{k^2} = x_i^0(1-\alpha\lambda)^k", "undecided"),
    ("gd-closed-form.x_k", r"x_i^{2^k} = x_i^0(1-\alpha\lambda)^k", "undecided"),
    ("gd-optimal-step-size.rate",
     r"\rho = \frac{\kappa-1}{\kappa+1} \approx 1-\frac{2}{\kappa} = \frac{\kappa-2}{\kappa}",
     "equivalent"),
    ("gd-step-size-range.upper", r"\alpha_{\max} = \frac{2}{\lambda}", "undecided"),
    # the third round: conclusions, claims about another result, definitions in a
    # "where", conditions beyond the domain, enumerations, the unknown a step solved for
    ("critical-damping.rate", r"\sqrt{\beta}, \text{ i.e. } 7", "different"),
    ("momentum-optimal-parameters.alpha",
     r"\alpha = \frac{4}{(\sqrt{\lambda_n}+\sqrt{\lambda_1})^2}, \quad "
     r"\beta = \frac{\sqrt\kappa-1}{\sqrt\kappa+1}", "different"),
    ("gd-optimal-step-size.rate", r"\frac{\kappa-1}{\kappa+1}, \quad \alpha = \frac{1}{\lambda_n}",
     "different"),
    ("critical-damping.rate", r"\sqrt{\beta} \text{ where } \beta = (1+\sqrt{\alpha\lambda})^2",
     "different"),
    ("momentum-convergence-region.upper",
     r"0<\alpha\lambda<2+2\beta \quad \text{for all } \beta \ge 0", "undecided"),
    ("heavy-ball-unrolled.gamma", r"-\alpha\frac{1-\beta^{k-i+1}}{1-\beta}, \quad i = 0, \ldots, k",
     "equivalent"),
    ("heavy-ball-critical-damping.rate", r"1-\sqrt{\alpha\lambda}", "conditional"),
    # a region whose own bounds on beta take in values the result's domain leaves out
    # (beta = 1, where the heavy ball does not converge) is not equivalent to it
    ("momentum-convergence-region.upper", r"0 \le \beta \le 1, 0 < \alpha\lambda < 2+2\beta",
     "undecided"),
    ("momentum-convergence-region.upper", r"0 \le \beta < 1, 0 < \alpha\lambda < 2+2\beta",
     "equivalent"),
    ("momentum-convergence-region.upper", r"\beta \ge 0, 0 < \alpha\lambda < 2+2\beta",
     "equivalent"),
    # sigma_1, sigma_2 stand for eigenvalues that are complex on part of the domain:
    # |sigma_1|^2 is not sigma_1^2 there (an "equivalent" once proved it as if it were)
    ("heavy-ball-worst-case.error", _ERROR + r"+|\sigma_1|^2+|\sigma_2|^2-\sigma_1^2-\sigma_2^2",
     "undecided"),
    ("heavy-ball-worst-case.error", _ERROR + r"+|\sigma_1-\sigma_2|^2-(\sigma_1-\sigma_2)^2",
     "undecided"),
    ("nesterov-worst-case.error", _ERROR + r"+|\sigma_1|^4-\sigma_1^4", "undecided"),
    ("heavy-ball-worst-case.error", _ERROR + r"+|\sigma_1|", "different"),
    ("heavy-ball-worst-case.error", _ERROR, "equivalent"),
    ("heavy-ball-worst-case.error", _ERROR + r"+\sigma_1\sigma_2-\beta", "equivalent"),
    ("heavy-ball-worst-case.error", _ERROR + r"+\sqrt{\sigma_1\sigma_2}-\sqrt{\beta}",
     "undecided"),
    # a letter of the derivation's notation that its domain samples on its own stands
    # for what the notation says (t for alpha lambda, tau and Delta in the trace form):
    # a counterexample with t apart from alpha lambda is no point at all
    ("nesterov-critical-damping.rate", r"|1-\sqrt{t}|", "equivalent"),
    ("heavy-ball-critical-damping.rate", r"|1-\sqrt{t}|", "equivalent"),
    ("heavy-ball-critical-damping.rate", r"|1-\sqrt{2t}|", "different"),
    ("pytorch-sgd-critical-damping.rate", r"|1-\sqrt{t(1-\tau)}|", "equivalent"),
    ("momentum-convergence-region.upper", r"2+2\beta+t-\alpha\lambda", "equivalent"),
    ("momentum-convergence-region.upper", r"0 < t < 2+2\beta", "equivalent"),
    ("momentum-complex-rate.rate", r"\frac{\sqrt{\tau^2-\Delta}}{2}", "equivalent"),
    ("momentum-complex-rate.rate", r"\frac{\sqrt{\tau^2+\Delta}}{2}", "different"),
    # a repeated eigenvalue: compared at a matrix that has one (the derivation's own
    # instance), where sigma_2 is no symbol of the result (a "different" was once
    # certified at a matrix with two distinct eigenvalues)
    ("matrix-power-2x2.repeated",
     r"\frac{\sigma_1^k(R-\sigma_2 I)-\sigma_2^k(R-\sigma_1 I)}{\sigma_1-\sigma_2}",
     "unreadable"),
    ("matrix-power-2x2.repeated", r"k\sigma_1^{k-1}R-(k-1)\sigma_1^k I", "equivalent"),
    ("matrix-power-2x2.repeated", r"k\sigma_1^{k-1}R-k\sigma_1^k I", "different"),
    # gradient descent's R is 1 x 1: the number it holds
    ("gd-iteration-matrix.R", r"1-\alpha\lambda", "equivalent"),
    ("gd-iteration-matrix.R", r"1+\alpha\lambda", "different"),
    ("gd-iteration-matrix.R", r"\begin{pmatrix}1-\alpha\lambda\end{pmatrix}", "equivalent"),
    ("gd-iteration-matrix.R", r"\begin{pmatrix}1-\alpha\lambda & 0\end{pmatrix}", "unreadable"),
    ("damped-oscillator.critical_friction", r"c = 2\sqrt{\lambda}", "equivalent"),
    ("damped-oscillator.critical_friction", r"c = 3\sqrt{\lambda}", "different"),
    ("gd-eigen-decoupling.x_next", r"x_i^{k} = (1-\alpha\lambda)x_i^{k-1}", "undecided"),
    # the vector of ones as the tool prints it, and the model's matrices, where the
    # result itself names none of them (the optimum is the vector of ones)
    ("colorization.w_star", r"\mathbf{1}", "equivalent"),
    ("colorization.w_star", r"\boldsymbol{1}", "equivalent"),
    ("colorization.w_star", r"(L_G + P_D)^{-1} e_D", "equivalent"),
    ("colorization.w_star", r"(L_G + 2 P_D)^{-1} e_D", "different"),
    ("colorization.w_star", r"\mathbf{1} + e_D", "different"),
    ("colorization.gradient_step", r"w - \alpha (L_G + P_D)(w - \mathbf{1})", "equivalent"),
    ("colorization.gradient_step", r"w - \alpha (L_G + P_D)(w - 2 \mathbf{1})", "different"),
    # the number 1 against a vector: a misreading as likely as a wrong claim
    ("colorization.w_star", r"1", "unreadable"),
    # a 1 x 1 result of matrices of size n, and the model's own matrices named
    ("d2l-velocity-form.minimum_shift", r"-\frac{1}{2}c^T A^{-1} c", "equivalent"),
    ("d2l-velocity-form.minimum_shift", r"-\frac{1}{2}c^T Q\Lambda^{-1}Q^T c", "equivalent"),
    ("d2l-velocity-form.minimum_shift", r"-c^T A^{-1} c", "different"),
    # t is d2l's step counter there, never alpha lambda: (-1)^{2t} = 1
    ("d2l-velocity-form.upper", r"2\beta + 1 + (-1)^{2t}", "equivalent"),
    # equal as complex numbers, but a square root of a negative number on part of the
    # domain (SymPy simplifies sqrt(x)^2 to x, 0 sqrt(x) to 0 as they are formed)
    ("critical-damping.beta", r"(\sqrt{\alpha\lambda-1})^2 + 2 - 2\sqrt{\alpha\lambda}",
     "undecided"),
    ("critical-damping.beta", r"(1-\sqrt{\alpha\lambda})^2 + 0\cdot\sqrt{1-\alpha\lambda}",
     "undecided"),
    ("critical-damping.beta",
     r"(1-\sqrt{\alpha\lambda})^2 \frac{\sqrt{\alpha\lambda - 1}}{\sqrt{\alpha\lambda - 1}}",
     "undecided"),
    ("critical-damping.beta", r"(1-\sqrt{\alpha\lambda})^2", "equivalent"),
    # a result that is complex on part of the domain may be written with the same root
    ("momentum-eigenvalues.sigma_1",
     r"\frac{1 + \beta - \alpha\lambda + \sqrt{(1 + \beta - \alpha\lambda)^2 - 4\beta}}{2}",
     "equivalent"),
    # the model's identity, and a 1 x 1 product beside a vector as the number it holds
    ("colorization.gradient_step", r"(I - \alpha(L_G+P_D))w + \alpha e_D", "equivalent"),
    ("colorization.gradient_step",
     r"(\mathbf{1}^T L_G \mathbf{1}) w + w - \alpha(L_G w + P_D w - e_D)", "equivalent"),
    ("colorization.gradient_step",
     r"\frac{(\mathbf{1}^T \mathbf{1}) w}{9} - \alpha(L_G w + P_D w - e_D)", "equivalent"),
    ("quadratic-optimum.w_star", r"A^{-1} b (w^T A w)/(w^T A w)", "equivalent"),
    ("quadratic-optimum.w_star", r"(w^T w) A^{-1} b", "different"),
    # a result without the vector of ones reads \mathbf{1} as the number
    ("gd-optimal-step-size.alpha", r"\frac{2\mathbf{1}}{\lambda_1+\lambda_n}", "equivalent"),
]


@needs_parser
@pytest.mark.parametrize("name", [r"\text{rate}", r"\mathrm{rate}(\kappa)"])
def test_a_name_for_the_value_is_shown_as_written(name):
    found = check(name + r" = \frac{\kappa-1}{\kappa+1}", "gd-optimal-step-size.rate")
    assert found.verdict == "equivalent"
    assert f"{name} read as a name for the value" in found.message


@needs_parser
@pytest.mark.parametrize(("target", "latex", "verdict"), RELATIONS)
def test_the_whole_relation_is_compared(target, latex, verdict):
    _skip_unregistered(target)
    found = check(latex, target)
    assert found.verdict == verdict, found.message


@needs_parser
def test_a_counterexample_is_a_point_where_the_eigenvalues_are_the_eigenvalues():
    # sigma_1, sigma_2 sampled free gave sigma_1 sigma_2 < 0 where beta >= 0; the point
    # is now one of the parameters, with the eigenvalues computed from it
    verdict = check(_SIGMAS_ONLY, "pytorch-sgd-worst-case.error")
    assert verdict.verdict == "different"
    assert not any(name.startswith("sigma") for name in verdict.counterexample.point)
    assert "j" not in verdict.counterexample.formula_value  # real, as the error is


def test_a_different_region_has_a_point_where_one_holds_and_not_the_other():
    found = check(r"\alpha\lambda > 2 + 2\beta", "momentum-convergence-region.upper")
    point = found.counterexample
    assert {point.formula_value, point.derived_value} == {"holds", "fails"}
    values = {name: sp.Rational(value) for name, value in point.point.items()}
    inside = values["α"] * values["λ"] < 2 + 2 * values["β"]
    assert (point.derived_value == "holds") == bool(inside)


@needs_parser
def test_limit():
    verdict = check(r"w_{i}^{\star}=\left(\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}\right)^{i}",
                    "rosenbrock-optimum.exact")
    assert verdict.verdict == "limit"
    assert "rosenbrock-optimum.limit" in verdict.message


def _run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@needs_parser
def test_cli_exit_codes(capsys):
    rate = "gd-optimal-step-size.rate"
    assert _run(["check", r"\frac{\kappa-1}{\kappa+1}", "--against", rate], capsys)[0] == 0
    code, out, _ = _run(["check", r"\frac{\kappa+1}{\kappa-1}", "--against", rate], capsys)
    assert code == 1 and "counterexample" in out
    code, out, _ = _run(["check", r"\left(\frac{\sqrt\kappa-1}{\sqrt\kappa+1}\right)^i",
                         "--against", "rosenbrock-optimum.exact"], capsys)
    assert code == 1 and out.startswith("limit")


TEXT_OUTPUT = [
    # (formula, target, lines the text output must contain: Unicode for a terminal,
    # and the correction also as LaTeX to paste back)
    (r"\frac{3}{\lambda_1+\lambda_n}", "gd-optimal-step-size.alpha",
     ["counterexample: λ₁ = ", "derived (gd-optimal-step-size.alpha): 2/(λ₁ + λₙ)",
      r"  as LaTeX: \frac{2}{\lambda_{1} + \lambda_{n}}"]),
    (r"1-\sqrt{\alpha\lambda}", "critical-damping.rate",
     ["counterexample: α = ", "derived (critical-damping.rate): |1 - √(α λ)|"]),
]


@needs_parser
@pytest.mark.parametrize(("formula", "target", "lines"), TEXT_OUTPUT,
                         ids=[c[1] for c in TEXT_OUTPUT])
def test_cli_text_is_unicode_with_latex_to_paste(formula, target, lines, capsys):
    code, out, _ = _run(["check", formula, "--against", target], capsys)
    assert code == 1
    for line in lines:
        assert any(printed.startswith(line) for printed in out.splitlines()), line
    before_latex = out.split("as LaTeX")[0]
    assert "lambda_" not in before_latex and "\\alpha" not in before_latex


@needs_parser
def test_cli_json(capsys):
    code, out, _ = _run(["check", r"\frac{\kappa+1}{\kappa-1}", "--against",
                         "gd-optimal-step-size.rate", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1
    assert set(data) >= {"verdict", "formula_srepr", "target", "counterexample", "message"}
    assert data["verdict"] == "different"
    assert set(data["counterexample"]) == {"point", "formula_value", "derived_value",
                                           "difference", "latex"}


BAD = [
    # argv tail, what the one-line message says
    ([r"\alpha + q", "--against", "gd-optimal-step-size.rate"], "unknown symbol q"),
    ([r"\beta", "--against", "gd-optimal-step-size.alpha"], "does not have: beta"),
    ([r"\alpha", "--against", "no-such-result.x"], "unknown result id 'no-such-result'; see"),
    ([r"\alpha", "--against", "gd-optimal.alpha"], "did you mean 'gd-optimal-step-size'?"),
    ([r"\alpha", "--against", "gd-optimal-step-size.nope"], "has no result"),
    ([r"\alpha", "--against", "gd-optimal-step-size"], "several named results"),
    ([r"\frac{1}{", "--against", "gd-optimal-step-size.rate"], "unbalanced"),
    # kappa stands for lambda_n/lambda_1: the message names what was typed
    ([r"\frac{\kappa-1}{\kappa+1}", "--against", "critical-damping.beta"],
     "does not have: kappa (lambda_n/lambda_1)"),
    # products and sums of matrices whose sizes do not match: no formula at all
    ([r"b A^{-1}", "--against", "quadratic-optimum.w_star"],
     "sizes n × 1 and n × n: the sizes do not match"),
    ([r"A^{-1} b + A", "--against", "quadratic-optimum.w_star"], "the sizes do not match"),
    # ... also where a zero factor would hide them (SymPy makes 0 (w^T + w) a zero)
    ([r"w - \alpha(L_G w + P_D w - e_D) + 0 (w^T + w)", "--against",
      "colorization.gradient_step"], "sizes 1 × n and n × 1: the sizes do not match"),
    ([r"w - \alpha(L_G w + P_D w - e_D) + 0 w w", "--against", "colorization.gradient_step"],
     "a product of matrices of sizes n × 1 and n × 1"),
    ([r"A^{-1} b + 0 (A + b)", "--against", "quadratic-optimum.w_star"],
     "the sizes do not match"),
    # singular sums, tried on the model's instances before SymPy cancels M^{-1} M
    ([r"(Q\Lambda Q^T - A)^{-1}(Q\Lambda Q^T - A) A^{-1} b", "--against",
      "quadratic-optimum.w_star"], "the inverse of a singular matrix"),
    ([r"(b b^T + w w^T)^{-1}(b b^T + w w^T) A^{-1} b", "--against",
      "quadratic-optimum.w_star"], "the inverse of a singular matrix"),
    # rank three: invertible at n = 2 and 3, singular from n = 4 on
    ([r"(b b^T + w w^T + v v^T)^{-1} b b^T A^{-1} b + (b b^T + w w^T + v v^T)^{-1}"
      r"(w w^T + v v^T) A^{-1} b", "--against", "quadratic-optimum.w_star"],
     "the inverse of a singular matrix"),
    ([r"(L_G + e_D e_D^T - P_D)^{-1}(L_G + e_D e_D^T - P_D)\mathbf{1}", "--against",
      "colorization.w_star"], "the inverse of a singular matrix"),
    # divisions by zero, which SymPy drops from a sum of matrices as nan
    ([r"A^{-1}b + b\cdot 0 \cdot \frac{1}{0}", "--against", "quadratic-optimum.w_star"],
     "a division by zero"),
    ([r"A^{-1}b\,\frac{0}{0}", "--against", "quadratic-optimum.w_star"], "a division by zero"),
    ([r"w - \alpha(L_G w + P_D w - e_D) + w\frac{0}{0}", "--against",
      "colorization.gradient_step"], "a division by zero"),
    ([r"\frac{2}{\lambda_1+\lambda_n} + \frac{0}{0}", "--against", "gd-optimal-step-size.alpha"],
     "a division by zero"),
    # the size itself in a formula compared on instances of their own sizes
    ([r"A^{-1}b\,(n-2)", "--against", "quadratic-optimum.w_star"], "the size n itself"),
    # inverses that do not exist: SymPy would cancel L^{-1} L to the identity
    ([r"b^{-1}", "--against", "quadratic-optimum.w_star"], "n × 1, which is not square"),
    ([r"L_G^{-1} L_G w - \alpha (L_G w + P_D w - e_D)", "--against",
      "colorization.gradient_step"], "the inverse of L_G, which is singular"),
    ([r"(b b^T)^{-1} b", "--against", "quadratic-optimum.w_star"], "singular"),
    ([r"w - \alpha (L_G + P_D)(w - 1)", "--against", "colorization.gradient_step"],
     "a number added to a vector or matrix"),
    ([r"(b b^T)^{-1} (b b^T) A^{-1} b", "--against", "quadratic-optimum.w_star"], "singular"),
    ([r"w - \alpha (2 L_G)^{-1} 2 L_G (L_G w + P_D w - e_D)", "--against",
      "colorization.gradient_step"], "the inverse of a singular matrix"),
    ([r"(L_G^T)^{-1} L_G^T w - \alpha (L_G w + P_D w - e_D)", "--against",
      "colorization.gradient_step"], "the inverse of a singular matrix"),
    ([r"(A - A)^{-1} (A - A) A^{-1} b", "--against", "quadratic-optimum.w_star"],
     "the inverse of a singular matrix"),
    ([r"w - \alpha(L_G w + P_D w - e_D) + \alpha b", "--against", "colorization.gradient_step"],
     "names a matrix the result does not have: b"),
    # bars around a matrix are its determinant, a number, not the matrix
    ([r"\begin{vmatrix}\beta & \lambda \\ -\alpha\beta & 1-\alpha\lambda\end{vmatrix}",
      "--against", "heavy-ball-iteration-matrix.R"], "a determinant (vmatrix) is not read"),
    # a determinant on the left is no name for the value (it was skipped as one)
    ([r"\begin{vmatrix} \sigma - 7 & 5 \\ 3 & \sigma \end{vmatrix} = \sigma^2 - (1 + \beta - "
      r"\alpha\lambda)\sigma + \beta", "--against",
      "heavy-ball-characteristic-polynomial.polynomial"], "no name for the value"),
    ([r"\det\begin{pmatrix} \sigma - 7 & 5 \\ 3 & \sigma \end{pmatrix} = \sigma^2 - (1 + "
      r"\beta - \alpha\lambda)\sigma + \beta", "--against",
      "heavy-ball-characteristic-polynomial.polynomial"], "no name for the value"),
    ([r"\det R = \beta", "--against", "heavy-ball-characteristic-polynomial.polynomial"],
     "no name for the value"),
    ([r"\mathrm{tr}\, R = 1+\beta-\alpha\lambda", "--against",
      "heavy-ball-characteristic-polynomial.polynomial"], "no name for the value"),
    ([r"|\sigma I - R| = \sigma^2 - (1 + \beta - \alpha\lambda)\sigma + \beta", "--against",
      "heavy-ball-characteristic-polynomial.polynomial"], "no name for the value"),
    # a claim that two things differ is neither proved nor refuted by the derived value
    ([r"\beta \neq (1+\sqrt{\alpha\lambda})^2", "--against", "critical-damping.beta"],
     "a claim that two things differ"),
    # numbers with two points are no numbers (1.2.3 was read as 1.2 times 0.3)
    ([r"1.2.3", "--against", "critical-damping.beta"], "cannot read the number 1.2.3"),
    ([r"1..2", "--against", "critical-damping.beta"], "cannot read the number 1..2"),
]


@needs_parser
@pytest.mark.parametrize(("argv", "says"), BAD)
def test_cli_bad_input(argv, says, capsys):
    code, _out, err = _run(["check", *argv], capsys)
    assert code == 2
    assert err.startswith("momentum-sym: error:") and says in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@needs_parser
def test_audit_command_one_source(capsys):
    code, out, _ = _run(["audit", "--source", "002", "--format", "json"], capsys)
    assert code == 1  # an erratum was found, as a linter would say
    data = json.loads(out)
    assert [d["name"] for d in data["documents"]] == ["002_697f4176ad0e955e.txt"]
    rows = data["documents"][0]["rows"]
    keys = {"id", "source", "title", "line", "section", "relation", "target", "verdict",
            "counterexample", "correction_latex", "erratum", "reading"}
    assert all(keys <= set(d) for d in rows)
    wrong = [d for d in rows if d["erratum"]]
    assert [d["target"] for d in wrong] == ["gd-loss-decomposition.term"]
    code, out, err = _run(["audit", "--source", "999"], capsys)
    assert code == 2 and "unknown source" in err


@needs_parser
def test_audit_markdown_is_an_errata_table():
    from momentum_sym.audit.catalogue import audit
    from momentum_sym.audit.cli import audit_markdown

    text = audit_markdown(audit(["002"]))
    assert text.startswith("# Audit of the source texts")
    assert "## Errata" in text and "gd-loss-decomposition" in text
    assert "printed 8/625, derived 4/625" in text  # the counterexample, exact
    assert text == audit_markdown(audit(["002"]))  # deterministic


@pytest.mark.parametrize(("latex", "said"), [
    (r"\frac{2}{\mu+L}", "μ, L read as λ₁, λₙ"),
    (r"\frac{2}{\lambda_{\min}+\lambda_{\max}}", "λₘᵢₙ, λₘₐₓ read as λ₁"),
])
def test_a_reading_of_notation_is_stated(latex, said):
    verdict = check(latex, "gd-optimal-step-size.alpha")
    assert verdict.verdict == "equivalent"
    assert said in verdict.message


@needs_parser
def test_a_matrix_counterexample_is_written_as_a_matrix():
    found = check(r"\begin{pmatrix} \lambda & \beta \\ -\alpha\beta & 1-\alpha\lambda "
                  r"\end{pmatrix}", "momentum-iteration-matrix.R")
    c = found.counterexample
    assert c.formula_value.startswith("[") and ";" in c.formula_value
    assert "[[" not in c.formula_value + c.derived_value
    assert c.latex["formula"].startswith(r"\left(\begin{smallmatrix}")


@needs_parser
@pytest.mark.parametrize(("latex", "letter"), [
    # a text that writes eta for the step size: a formula in eta is answered in eta, one
    # that writes alpha itself in alpha
    (r"(1 - \sqrt{\eta\lambda})^3", r"\eta"),
    (r"(1 - \sqrt{\alpha\lambda})^3", r"\alpha"),
])
def test_a_correction_is_in_the_letter_the_formula_writes(latex, letter):
    found = check(latex, "critical-damping.beta", notation={r"\eta": r"\alpha"})
    assert found.verdict == "different"
    assert letter in found.correction_latex


CONDITIONAL_SETS = [
    # (target, formula, the set said, words it must not hold): where the difference
    # vanishes is solved exactly and said on the domain, not on the sampling box
    # (alpha >= 1/100 and lambda >= 1/10 drew the points, alpha lambda > 0 is the domain)
    ("critical-damping.rate", r"\max\left(\left|1-\sqrt{\alpha\lambda}\right|, \frac{1}{3}\right)",
     "16/9 ≤ α λ < 4 or α λ ≤ 4/9", "1/1000"),
    ("critical-damping.rate", r"\max(|1-\sqrt{\alpha\lambda}|, 9/10)",
     "361/100 ≤ α λ < 4 or α λ ≤ 1/100", "1/1000"),
    ("critical-damping.rate", r"\min(|1-\sqrt{\alpha\lambda}|, 1/2)", "1/4 ≤ α λ ≤ 9/4", "1/1000"),
    ("critical-damping.rate", r"1 - \sqrt{\alpha\lambda}", "α λ ≤ 1", "1/1000"),
    # found in the domain's own variable u (beta = 1/(1 + u)), said in beta
    ("effective-gradient-count.count", r"\frac{1}{1-\beta} + \max(0,\frac{1}{2}-\beta)",
     "β ≥ 1/2", "u"),
    ("effective-gradient-count.count",
     r"\frac{1}{1-\beta} + \max(0, \min(\beta - \frac{1}{3}, \frac{2}{3}-\beta))",
     "0 < β ≤ 1/3 or 2/3 ≤ β < 1", "u"),
    # the momentum of the regimes is below 1, as the domain now says
    ("momentum-regimes.monotone_to_ripples",
     r"(1-\sqrt\beta)^2 + \max(0, \min(\beta-\frac{1}{4}, 2-\beta))", "β ≤ 1/4", "2 ≤"),
]


@needs_parser
@pytest.mark.parametrize(("target", "formula", "said", "absent"), CONDITIONAL_SETS,
                         ids=[c[1] for c in CONDITIONAL_SETS])
def test_a_conditional_set_is_said_on_the_domain(capsys, target, formula, said, absent):
    assert cli.main(["check", formula, "--against", target]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"conditional: holds exactly where {said},"), first
    assert absent not in first


@needs_parser
def test_an_undecided_root_names_no_point_where_sigma_is_not_the_eigenvalue():
    # sqrt(sigma_1 sigma_2) is sqrt(beta): its radicand is never tried at sigma_1 = 5/18,
    # sigma_2 = -1/9, which no beta >= 0 gives (the message once named that point)
    verdict = check(_ERROR + r"+\sqrt{\sigma_1\sigma_2}-\sqrt{\beta}",
                    "heavy-ball-worst-case.error")
    assert verdict.verdict == "undecided"
    assert "a point of the domain" not in verdict.message
