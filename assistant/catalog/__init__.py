"""Catalogs as data: column roles, rows, pairings, and questions computed over them.

Dependencies flow one way: schema → rows → pairings / cues → query → compute → render.
"""
