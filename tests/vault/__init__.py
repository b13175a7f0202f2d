"""Tests of sprava.vault: plain pytest, no database, no Django."""
