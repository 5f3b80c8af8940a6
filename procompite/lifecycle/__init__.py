"""The life of a convocatoria as a whole: its bases moved between files and regions, a new call
from a previous one, and the steps from preparation to closing, each with what it needs."""
