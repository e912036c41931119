"""A method's title as it reads inside a sentence."""

import dataclasses

import pytest

from momentum_sym import methods

NOUNS = [
    # (method, its title inside a sentence)
    ("gd", "gradient descent"),
    ("heavy-ball", "the heavy ball (momentum as the article writes it)"),
    ("qhm", "quasi-hyperbolic momentum (QHM)"),
    ("nesterov", "Nesterov's accelerated gradient (constant momentum)"),
    ("pytorch-sgd", "PyTorch's SGD with momentum"),
]


@pytest.mark.parametrize(("name", "noun"), NOUNS)
def test_a_title_inside_a_sentence(name, noun):
    assert methods.get(name).noun == noun


@pytest.mark.parametrize(("title", "noun"), [
    ("The lookahead rule", "the lookahead rule"),
    ("A rule of my own", "a rule of my own"),
    ("lookahead", "lookahead"),
    ("Theta momentum", "Theta momentum"),  # only a whole article is lowered
])
def test_a_users_title_keeps_its_words(title, noun):
    method = dataclasses.replace(methods.get("gd"), title=title, noun_phrase="")
    assert method.noun == noun
