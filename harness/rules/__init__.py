"""Rules as data, and everything derived from them: generic over a message spec (spec.py); the
message types themselves are in harness/messages/."""
