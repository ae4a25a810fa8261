"""Exodus: reported departures from Russia by border and date, with their sources."""
