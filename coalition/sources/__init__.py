"""Importers for the official lists, one package per source, and the shared machinery."""
