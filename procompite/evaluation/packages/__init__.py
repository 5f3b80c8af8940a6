"""Evaluation packages: the file a committee member takes to score on their own laptop, the
seal that proves it holds what the member sent, and its merge back into the origin file."""
