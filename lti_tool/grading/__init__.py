"""Grades in the LMS: which column a score goes to, which attempt counts, and what the
learner and the trainer are told about it. The rules are written out in the README
("Grades in the LMS"); this package is where they live in code."""
