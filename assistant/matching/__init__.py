"""Matchmaking between enterprise demands and university supply (achievements, teams,
equipment), with reasons and citations. query → score → matcher → render."""
