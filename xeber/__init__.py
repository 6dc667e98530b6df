"""Xeber: a news portal engine for multilingual newsrooms."""
