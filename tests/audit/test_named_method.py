"""A section about another method (Nesterov's, QHM) states that method's results: its
optimal step size is compared with the method's own, never with gradient descent's; and
eta in an update written with another iteration letter is still the step size."""

import pytest

from momentum_sym.audit.documents import read_bytes
from momentum_sym.audit.review import audit_document
from tests.audit.conftest import last_claim, needs_parser

NESTEROV = (rb"## Nesterov" b"\n\n"
            rb"Nesterov's method looks ahead: $y^k = w^k + \beta (w^k - w^{k-1})$ and "
            rb"$w^{k+1} = y^k - \alpha \nabla f(y^k)$." b"\n")

STEP = [
    # (the sentence after the method, the verdict, the result compared with)
    (rb"Its optimal step size is $\alpha = \frac{4}{\lambda_1+3\lambda_n}$.", "equivalent",
     "nesterov-optimal-parameters.alpha"),
    (rb"Its optimal step size is $\alpha = \frac{4}{3\lambda_1+\lambda_n}$.", "different",
     "nesterov-optimal-parameters.alpha"),
]


@needs_parser
@pytest.mark.parametrize(("sentence", "verdict", "target"), STEP)
def test_the_optimal_step_of_the_method_the_section_is_about(sentence, verdict, target):
    document = read_bytes(NESTEROV + sentence + b"\n", "post.md")
    row = audit_document(document).rows[-1]
    assert (row.verdict, row.target) == (verdict, target), row.message


@needs_parser
def test_eta_in_an_update_with_another_iteration_letter_is_the_step_size():
    document = read_bytes(rb"The heavy ball: $w^{k+1} = w^k - \alpha z^{k+1}$." b"\n\n"
                          rb"In d2l's letters, $x_t = x_{t-1} - \eta v_t$." b"\n", "post.md")
    readings = audit_document(document).readings
    assert any(r.startswith("η is read as the step size α") for r in readings), readings


EARLIER = (rb"# Notes" b"\n\n" rb"For Nesterov's method, the iteration converges when "
           rb"$\alpha\lambda < \frac{2(1+\beta)}{1+2\beta}$. ")

LATER_SENTENCES = [
    # (a later sentence that names no method, the verdict, the result compared with): the
    # method named before is compared besides the heavy ball, never the heavy ball alone
    (rb"Its optimal rate is $1 - \frac{2}{\sqrt{3\kappa+1}}$.", "equivalent",
     "nesterov-optimal-parameters.rate"),
    (rb"Its optimal rate is $1 - \frac{1}{\sqrt{3\kappa+1}}$.", "different",
     "nesterov-optimal-parameters.rate"),
    # no word says which method: it holds for one reading and not the other
    (rb"The optimal rate of momentum is $\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$.", "undecided",
     "momentum-optimal-parameters.rate"),
    (rb"So the rate $1 - \frac{2}{\sqrt{3\kappa+1}}$ is optimal.", "undecided",
     "nesterov-optimal-parameters.rate"),
    (rb"The heavy ball's optimal rate is $1 - \frac{2}{\sqrt{3\kappa+1}}$.", "different",
     "momentum-optimal-parameters.rate"),
]


@needs_parser
@pytest.mark.parametrize(("sentence", "verdict", "target"), LATER_SENTENCES)
def test_a_method_named_in_an_earlier_sentence(sentence, verdict, target):
    row = audit_document(read_bytes(EARLIER + sentence + b"\n", "post.md")).rows[-1]
    assert (row.verdict, row.target) == (verdict, target), row.message


ONE_SENTENCE = [
    # (a text about Nesterov's method, the verdict, the result compared with): the
    # heavy ball's optimal rate and step are errata there
    (rb"Nesterov's accelerated gradient evaluates the gradient at a look-ahead point. "
     rb"Its optimal rate is $\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}$.", "different",
     "nesterov-optimal-parameters.rate"),
    (rb"For Nesterov's method, i.e. the accelerated gradient, the optimal rate is "
     rb"$\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$.", "different", "nesterov-optimal-parameters.rate"),
    (rb"For Nesterov's method (see e.g. the survey) the optimal step size is "
     rb"$\alpha=\frac{4}{(\sqrt{\lambda_1}+\sqrt{\lambda_n})^2}$.", "different",
     "nesterov-optimal-parameters.alpha"),
]


LONG = (b"introduced in 1983 in a short paper that few people read at first, and studied "
        b"since in many forms by many authors for quadratic and general smooth objectives")
ONE_SENTENCE += [
    # a method named further back than the last words before a formula
    (b"Nesterov's method, " + LONG + b", is our subject here. Its iterates converge when "
     rb"$0 < \alpha\lambda < 2(1+\beta)$.", "different", "nesterov-convergence-region.upper"),
    (b"For Nesterov's method, " + LONG + rb", the step sizes converge when "
     rb"$0<\alpha\lambda<2(1+\beta)$.", "different", "nesterov-convergence-region.upper"),
    # the heavy ball named in the sentence between: "Its" is the heavy ball's
    (rb"For Nesterov's method the critical momentum is "
     rb"$\beta = \frac{1-\sqrt{\alpha\lambda}}{1+\sqrt{\alpha\lambda}}$. The heavy ball of "
     b"Polyak, " + LONG + rb", is simpler. Its optimal rate is "
     rb"$\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}$.", "equivalent",
     "momentum-optimal-parameters.rate"),
    # "et al." before a capital may end the sentence: judged by both readings
    (rb"This form of Nesterov's method is the one of Lessard et al. Step sizes converge when "
     rb"$0<\alpha\lambda<2(1+\beta)$.", "undecided", "momentum-convergence-region.upper"),
]


@needs_parser
@pytest.mark.parametrize(("text", "verdict", "target"), ONE_SENTENCE)
def test_abbreviations_and_references_back_keep_the_method(text, verdict, target):
    row = audit_document(read_bytes(b"# Notes\n\n" + text + b"\n", "post.md")).rows[-1]
    assert (row.verdict, row.target) == (verdict, target), row.message


NAMED_IN_THE_SENTENCE = [
    # (a sentence, the verdict, the result compared with): a sentence about one method is
    # held to that method's results only, never to gradient descent's where they agree
    (rb"Nesterov's method converges if and only if $0 < \alpha\lambda < 2$.", "different",
     "nesterov-convergence-region.upper"),
    (rb"The heavy ball converges if and only if $0 < \alpha\lambda < 2$.", "different",
     "momentum-convergence-region.upper"),
    (rb"QHM converges if and only if $0 < \alpha\lambda < 2$.", "different",
     "qhm-convergence-region.upper"),
    (rb"The optimal step size of the heavy ball is $\alpha = \frac{2}{L+\mu}$.", "different",
     "momentum-optimal-parameters.alpha"),
    (rb"The optimal rate of Nesterov's method is $\frac{\kappa-1}{\kappa+1}$.", "different",
     "nesterov-optimal-parameters.rate"),
    (rb"PyTorch's SGD with momentum has optimal step size $\alpha = \frac{2}{L+\mu}$.",
     "different", "pytorch-sgd-optimal-parameters.alpha"),
    (rb"The optimal rate of gradient descent is $\frac{\kappa-1}{\kappa+1}$.", "equivalent",
     "gd-optimal-step-size.rate"),
    # a method named to compare with is not the one spoken of
    (rb"Unlike Nesterov's method, gradient descent has optimal step size "
     rb"$\alpha = \frac{4}{3L+\mu}$.", "different", "gd-optimal-step-size.alpha"),
    (rb"Unlike gradient descent, the heavy ball has optimal rate "
     rb"$\frac{\kappa-1}{\kappa+1}$.", "different", "momentum-optimal-parameters.rate"),
    (rb"Unlike gradient descent, the heavy ball converges only when "
     rb"$0 < \alpha\lambda < 2$.", "different", "momentum-convergence-region.upper"),
    (rb"The heavy ball reaches the optimal rate $\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}$, "
     rb"better than gradient descent.", "equivalent", "momentum-optimal-parameters.rate"),
    # both named as subjects: a definite verdict needs both readings to agree
    (rb"Gradient descent and the heavy ball have the optimal rate "
     rb"$\frac{\kappa-1}{\kappa+1}$.", "undecided", "gd-optimal-step-size.rate"),
    # PyTorch's dampening is 0 unless the words set it
    (rb"PyTorch's SGD with momentum converges if and only if $0 < \eta\lambda < 2(1+\beta)$.",
     "equivalent", "pytorch-sgd-convergence-region.upper"),
    (rb"PyTorch's SGD has optimal step size $\alpha = \frac{4}{(\sqrt{L}+\sqrt{\mu})^2}$.",
     "equivalent", "pytorch-sgd-optimal-parameters.alpha"),
    (rb"With dampening $\tau$, PyTorch's SGD has optimal step size "
     rb"$\alpha = \frac{4}{(\sqrt{L}+\sqrt{\mu})^2}$.", "different",
     "pytorch-sgd-optimal-parameters.alpha"),
    # "contracts the error by" speaks of the rate, whatever step it was reached with
    (rb"With the optimal step size, gradient descent contracts the error by "
     rb"$\frac{L-\mu}{L+\mu}$ per step.", "equivalent", "gd-optimal-step-size.rate"),
    # gradient descent with momentum is the heavy ball, not plain gradient descent
    (rb"With momentum, the optimal rate of gradient descent improves to "
     rb"$\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}$.", "equivalent",
     "momentum-optimal-parameters.rate"),
    (rb"Gradient descent with a momentum term converges when $0<\alpha\lambda<2+2\beta$.",
     "equivalent", "momentum-convergence-region.upper"),
    # a formula in the relative clause of a method speaks of that method
    (rb"Unlike gradient descent, which converges for $0<\alpha\lambda<2$, the heavy ball "
     rb"does better.", "equivalent", "gd-step-size-range.upper"),
    (rb"The heavy ball beats gradient descent, whose optimal step is "
     rb"$\alpha = \frac{2}{\lambda_1+\lambda_n}$.", "equivalent", "gd-optimal-step-size.alpha"),
    # ... and a clause after "while" speaks of another
    (rb"Gradient descent needs $0 < \alpha\lambda < 2$, while the heavy ball allows more.",
     "equivalent", "gd-step-size-range.upper"),
    # the momentum set aside, or every momentum: gradient descent's range may be meant
    (rb"With $\beta = 0$, the heavy ball converges for $0<\alpha\lambda<2$.", "equivalent",
     "gd-step-size-range.upper"),
    (rb"The heavy ball with zero momentum converges exactly when $0<\alpha\lambda<2$.",
     "equivalent", "gd-step-size-range.upper"),
    # a relative clause that names its own method, or refers to the whole clause
    (rb"The heavy ball adds a momentum term to gradient descent, which lets it converge at "
     rb"the optimal rate $\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$.", "equivalent",
     "momentum-optimal-parameters.rate"),
    (rb"Momentum fixes the slow convergence of gradient descent, for which the heavy ball "
     rb"attains the optimal rate $\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$.", "equivalent",
     "momentum-optimal-parameters.rate"),
    (rb"Unlike gradient descent, whose optimal step is $\alpha = 2/(L+\mu)$, the heavy ball "
     rb"uses $\alpha=4/(\sqrt L+\sqrt\mu)^2$.", "equivalent",
     "momentum-optimal-parameters.alpha"),
    # a comparison without a comma leaves the subject; QHM at nu = 0 is gradient descent
    (rb"Compared with gradient descent the heavy ball converges if and only if "
     rb"$0 < \alpha\lambda < 2$.", "different", "momentum-convergence-region.upper"),
    (rb"QHM converges if and only if $0<\alpha\lambda<2$ when $\nu = 0$.", "equivalent",
     "gd-step-size-range.upper"),
    # a later sentence that sets the momentum aside does not excuse this one
    (rb"The heavy ball converges if and only if $0<\alpha\lambda<2$. Setting $\beta = 0$ "
     rb"recovers gradient descent.", "different", "momentum-convergence-region.upper"),
    # "whenever": perhaps a true sufficient condition, never an erratum
    (rb"For all $\beta \in [0,1)$, the heavy ball converges whenever $0 < \alpha\lambda < 2$.",
     "unreadable", "momentum-convergence-region.upper"),
    # a dampening said to be zero is PyTorch's default
    (rb"With dampening $\tau = 0$, PyTorch's SGD with momentum converges iff "
     rb"$0<\alpha\lambda<2+2\beta$.", "equivalent", "pytorch-sgd-convergence-region.upper"),
    (rb"Accelerated gradient descent (Nesterov, 1983) has the optimal rate "
     rb"$1-\frac{2}{\sqrt{3\kappa+1}}$.", "equivalent", "nesterov-optimal-parameters.rate"),
    # a regime's range is not a region of convergence
    (rb"Nesterov's method has complex eigenvalues exactly when "
     rb"$\frac{(1-\beta)^2}{(1+\beta)^2} < \alpha\lambda < 1$.", "unreadable", None),
]


@needs_parser
@pytest.mark.parametrize(("sentence", "verdict", "target"), NAMED_IN_THE_SENTENCE)
def test_a_sentence_is_held_to_the_method_it_names(sentence, verdict, target):
    row = last_claim(sentence)
    assert (row.verdict, row.target) == (verdict, target), row.message


def test_a_heading_about_the_heavy_ball_keeps_gradient_descent_sentences():
    document = read_bytes(b"# Notes\n\n## The heavy ball\n\nWithout momentum the step size "
                          rb"range is $0<\alpha\lambda<2$ and the best step is "
                          rb"$\alpha=\frac{2}{\lambda_1+\lambda_n}$." b"\n", "post.md")
    rows = audit_document(document).rows
    assert [r.verdict for r in rows[-2:]] == ["equivalent", "equivalent"], rows


def test_eta_defined_by_the_text_is_not_the_step_size():
    document = read_bytes(rb"The heavy ball with step $\alpha$ and momentum $\beta$ has the "
                          rb"effective step size $\eta = \frac{\alpha}{1-\beta}$." b"\n\n"
                          rb"It converges when $0 < \eta\lambda < \frac{2(1+\beta)}{1-\beta}$."
                          b"\n", "post.md")
    assert audit_document(document).rows[-1].verdict not in ("different", "conditional")
