"""Which method a formula is about, where its sentence does not say by the usual name:
"momentum", NAG, "accelerated gradient"; the section's heading (or an earlier one);
an update written out that is no derived method's; a kappa the text defines as mu/L;
a parameter value the sentence fixes; a rate of the function values.
"""

import pytest

from momentum_sym.audit.documents import NotText, read_bytes
from momentum_sym.audit.review import audit_document
from tests.audit.conftest import last_claim, needs_parser

DOCUMENTS = [
    # (the document, the verdict on its last claim, the result compared with)
    # "momentum", "classical momentum", "SGD with momentum": the heavy ball, not GD
    (rb"Momentum converges if and only if $0 < \alpha\lambda < 2$.", "different",
     "momentum-convergence-region.upper"),
    (rb"Classical momentum converges if and only if $0 < \alpha\lambda < 2$.", "different",
     "momentum-convergence-region.upper"),
    (rb"SGD with momentum $\beta$ converges if and only if $0 < \eta\lambda < 2$.",
     "different", "momentum-convergence-region.upper"),
    (rb"With $\beta = 0$ momentum converges iff $0 < \alpha\lambda < 2$.",
     "equivalent", "gd-step-size-range.upper"),
    # NAG, AGD, "accelerated gradient": Nesterov's method
    (rb"NAG converges for $0 < \alpha\lambda < 2 + 2\beta$.", "different",
     "nesterov-convergence-region.upper"),
    (rb"Accelerated gradient descent converges for $0 < \alpha\lambda < 2 + 2\beta$.",
     "different", "nesterov-convergence-region.upper"),
    (rb"AGD converges iff $0 < \alpha\lambda < \frac{2+2\beta}{1+2\beta}$.", "equivalent",
     "nesterov-convergence-region.upper"),
    # the words that say where a quantity is taken do not name it: the rate at critical
    # damping is a rate, the momentum of critical damping a momentum
    (rb"The rate at critical damping is $\left|1-\sqrt{\alpha\lambda}\right|$.",
     "equivalent", "critical-damping.rate"),
    (rb"At critical damping the rate is $\left|1-\sqrt{\alpha\lambda}\right|$.",
     "equivalent", "critical-damping.rate"),
    (rb"The critical damping coefficient is $(1-\sqrt{\alpha\lambda})^2$.",
     "equivalent", "critical-damping.beta"),
    # the heading decides where the sentence names no method
    (b"## Gradient descent\n\nWe run it with no momentum.\n\n"
     rb"The optimal step size is $\alpha = \frac{4}{(\sqrt{L} + \sqrt{\mu})^2}$.",
     "different", "gd-optimal-step-size.alpha"),
    (b"## Gradient descent\n\n"
     rb"The optimal step size is $\alpha = \frac{2}{L + \mu}$.",
     "equivalent", "gd-optimal-step-size.alpha"),
    (b"## The heavy ball\n\n"
     rb"The optimal step size is $\alpha = \frac{2}{L + \mu}$.",
     "different", "momentum-optimal-parameters.alpha"),
    (b"## Momentum\n\n"
     rb"The best rate is $\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$.",
     "equivalent", "momentum-optimal-parameters.rate"),
    # a subsection without a method: its parent's is one reading among others, and the
    # verdict is definite only where they agree
    (b"## Nesterov's method\n\nIt looks ahead.\n\n### Tuning\n\n"
     rb"The optimal step size is $\alpha = \frac{2}{L + \mu}$.",
     "undecided", "gd-optimal-step-size.alpha"),
    (b"## Nesterov's method\n\nIt looks ahead.\n\n### Tuning\n\n"
     rb"The optimal step size is $\alpha = \frac{4}{3L + \mu}$.",
     "undecided", "nesterov-optimal-parameters.alpha"),
    # a sibling section's method is not inherited: "Accelerated methods" names none
    (b"# Accelerated methods on quadratics\n\n## Tuning the step\n\n"
     rb"The heavy ball's optimal rate is $\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$.",
     "equivalent", "momentum-optimal-parameters.rate"),
    (b"# The heavy ball\n\n## Comparison with Nesterov's method\n\n"
     rb"Nesterov's method converges for $0 < \alpha\lambda < \frac{2(1+\beta)}{1+2\beta}$."
     b"\n\n## Optimal parameters\n\n"
     rb"The best step size is $\alpha = \frac{4}{(\sqrt{\lambda_1}+\sqrt{\lambda_n})^2}$.",
     "equivalent", "momentum-optimal-parameters.alpha"),
    # an update written in the section decides, as its heading does
    (b"# Nesterov's accelerated gradient\n\n## Baseline\n\n"
     rb"The simplest iteration is $x_{k+1} = x_k - \alpha \nabla f(x_k)$. It converges if "
     rb"and only if $0 < \alpha\lambda < 2$.", "equivalent", "gd-step-size-range.upper"),
    # "momentum" set aside or as the parameter does not name the method
    (rb"Momentum-free gradient descent converges if and only if $0<\alpha\lambda<2$.",
     "equivalent", "gd-step-size-range.upper"),
    (rb"Momentum set to zero gives gradient descent, which converges if and only if "
     rb"$0<\alpha\lambda<2$.", "equivalent", "gd-step-size-range.upper"),
    # a parameter fixed as a fraction; one the formula is written in is no value of it
    (rb"With $\beta = \frac{1}{2}$ the heavy ball converges for $0 < \alpha\lambda < 3$.",
     "unreadable", None),
    (rb"The heavy ball converges iff $0 < \alpha\lambda < 2 + 2\beta$ when $\beta = 0.9$.",
     "equivalent", "momentum-convergence-region.upper"),
    # an "iff" of the sentence before is not this sentence's
    (rb"Gradient descent converges iff the step is small. Gradient descent converges if "
     rb"$0<\alpha\lambda<1$.", "unreadable", "gd-step-size-range.upper"),
    # necessary conditions: refuted only where the method converges outside them
    (rb"Gradient descent converges only if $0 < \alpha\lambda < 3$.", "unreadable",
     "gd-step-size-range.upper"),
    (rb"The heavy ball can only converge if $0 < \alpha\lambda < 4$.", "unreadable",
     "momentum-convergence-region.upper"),
    (rb"Gradient descent diverges if $\alpha\lambda > 3$.", "unreadable",
     "gd-step-size-range.upper"),
    # a sentence naming two methods decides neither
    (rb"The heavy ball, which Nesterov later improved, converges iff "
     rb"$0 < \alpha\lambda < 2(1+\beta)$.", "undecided", "momentum-convergence-region.upper"),
    (b"Nesterov's method was proposed after the heavy ball. "
     rb"It converges iff $0 < \alpha\lambda < \frac{2(1+\beta)}{1+2\beta}$.", "undecided",
     "nesterov-convergence-region.upper"),
    # "the iteration" after two methods' rules written, past a paragraph break
    (b"The heavy ball is\n$$x_{k+1} = x_k - \\alpha \\nabla f(x_k) + \\beta (x_k - x_{k-1}),$$\n"
     b"and Nesterov's method is\n$$y_k = x_k + \\beta (x_k - x_{k-1}), \\quad "
     b"x_{k+1} = y_k - \\alpha \\nabla f(y_k).$$\n\n"
     rb"The iteration converges if and only if $0 < \alpha\lambda < 2(1+\beta)$.",
     "undecided", "momentum-convergence-region.upper"),
    # "momentum" named in the sentence before one that refers back
    (rb"We now use momentum. This method converges iff $0 < \alpha\lambda < 2$.",
     "different", "momentum-convergence-region.upper"),
    # a value fixed by the sentence before ("Take ...")
    (rb"Take $\beta = 0.5$. Momentum then converges iff $0 < \alpha\lambda < 3$.",
     "unreadable", None),
    # a negated relation is not compared
    (rb"The optimal step of gradient descent satisfies "
     rb"$\alpha^\star \not= \frac{2}{\lambda_1+\lambda_n}$.", "unreadable", None),
    # kappa called the inverse condition number in words
    (rb"Here $\kappa$ denotes the inverse condition number $\mu/L$." b"\n\n"
     rb"With the optimal step, gradient descent converges at the rate "
     rb"$\frac{1-\kappa}{1+\kappa}$.", "unreadable", None),
    # an update of a method with no derived results: its section is compared with nothing
    # an update written out is read: Nesterov's look-ahead is Nesterov's method
    (rb"Consider $y_k = x_k + \beta(x_k - x_{k-1})$ and "
     rb"$x_{k+1} = y_k - \alpha \nabla f(y_k)$." b"\n"
     rb"This iteration converges for $0 < \alpha\lambda < 2 + 2\beta$.", "different",
     "nesterov-convergence-region.upper"),
    (rb"Some write $x_{k+1} = x_k - \alpha\nabla f(x_k) + (1-\beta)(x_k - x_{k-1})$." b"\n"
     rb"In this form the method converges for $0 < \alpha\lambda < 4 - 2\beta$.",
     "unreadable", None),
    (rb"A popular form keeps $v_{k+1} = \beta v_k + (1-\beta)\nabla f(x_k)$ and "
     rb"$x_{k+1} = x_k - \alpha v_{k+1}$." b"\n"
     rb"This form converges if and only if $0 < \alpha\lambda < 2 + 2\beta$.",
     "unreadable", None),
    # kappa defined as mu/L: formulas in kappa are in another notation
    (rb"Let $\kappa = \mu/L$ be the inverse condition number." b"\n\n"
     rb"With the optimal parameters, the heavy ball converges at the rate "
     rb"$\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$.",
     "unreadable", None),
    (rb"Let $\kappa = L/\mu$ be the condition number." b"\n\n"
     rb"With the optimal parameters, the heavy ball converges at the rate "
     rb"$\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$.",
     "equivalent", "momentum-optimal-parameters.rate"),
    # a parameter value fixed by the sentence, before or after the formula
    (rb"With $\beta = 0.9$ the heavy ball converges for $0 < \alpha\lambda < 3.8$.",
     "unreadable", None),
    (rb"The heavy ball converges for $0 < \alpha\lambda < 3.8$ when $\beta = 0.9$.",
     "unreadable", None),
    # a sufficient condition inside gradient descent's range is no erratum
    (rb"Gradient descent converges if $0 < \alpha\lambda < 1$.", "unreadable",
     "gd-step-size-range.upper"),
    (rb"Gradient descent converges if $0 < \alpha\lambda < 3$.", "different",
     "gd-step-size-range.upper"),
    (rb"Gradient descent converges only if $0 < \alpha\lambda < 1$.", "different",
     "gd-step-size-range.upper"),
    # a rate of the function values is not the error's
    (rb"Measured in function value, the rate of gradient descent with the optimal step is "
     rb"$\rho = \left(\frac{\kappa-1}{\kappa+1}\right)^2$.", "unreadable", None),
]


@needs_parser
@pytest.mark.parametrize(("text", "verdict", "target"), DOCUMENTS)
def test_the_method_a_formula_is_about(text, verdict, target):
    row = last_claim(text)
    assert (row.verdict, row.target) == (verdict, target), row.message


def test_a_title_about_nesterov_is_one_reading_of_its_sections():
    document = read_bytes(b"# Nesterov's accelerated gradient\n\n## Stability\n\n"
                          rb"The method converges for $0 < \alpha\lambda < 2 + 2\beta$." b"\n",
                          "post.md")
    row = audit_document(document).rows[-1]
    assert row.verdict == "undecided" and "Nesterov" in row.message


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n"])
def test_an_empty_document_is_refused(data):
    with pytest.raises(NotText, match="empty"):
        read_bytes(data, "post.md")


@needs_parser
@pytest.mark.parametrize("heading", [rb"\paragraph{Heavy ball.} ", b""])
def test_the_words_after_a_formula_stop_at_the_next_heading(heading):
    # the heavy ball named after the next section's heading is not this formula's method
    text = (rb"\section{Gradient descent}" b"\nThe optimal step is\n"
            rb"\begin{equation} \alpha^\star = \frac{2}{L + \mu}. \end{equation}" b"\n"
            rb"\section{Nesterov's method}" b"\n" + heading +
            rb"By contrast, the heavy ball converges iff $0<\alpha\lambda<2+2\beta$." b"\n")
    row = audit_document(read_bytes(text, "notes.tex")).rows[0]
    assert (row.verdict, row.target) == ("equivalent", "gd-optimal-step-size.alpha")
