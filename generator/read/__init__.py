"""The read stage: content files in, plain content objects out, every problem with its position."""
