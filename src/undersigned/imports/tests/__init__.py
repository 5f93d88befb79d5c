"""Tests for the signatory-list parser."""
