"""The Pod Update rules as data, and everything derived from them."""
