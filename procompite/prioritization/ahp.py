"""Weights from Saaty's pairwise comparisons (AHP) with the consistency ratio.

The principal eigenvector of the comparison matrix gives the weights; the consistency index is
``(λmax - n) / (n - 1)`` and the ratio divides it by Saaty's random index for ``n``.
"""

import math
from dataclasses import dataclass

import numpy as np

# Saaty's random consistency index for matrices of order 1..15.
RANDOM_INDEX = (
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
CR_LIMIT = 0.10
RECIPROCAL_TOLERANCE = 0.01
SAATY_MIN = 1 / 9
SAATY_MAX = 9.0


class MatrixError(ValueError):
    """A comparison matrix that AHP cannot use; the message says why, in Spanish."""


@dataclass(frozen=True)
class Inconsistency:
    row: int
    column: int
    given: float
    implied: float


@dataclass(frozen=True)
class AhpResult:
    weights: list[float]
    lambda_max: float
    ci: float
    cr: float
    worst: list[Inconsistency]

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_LIMIT


def fraction_text(value: float) -> str:
    """A comparison as it is written on Saaty's scale: ``3``, ``1/5``, ``0.4``."""
    if not math.isfinite(value) or value <= 0 or value >= 1:
        return f"{value:g}"
    inverse = 1 / value
    return f"1/{round(inverse)}" if abs(inverse - round(inverse)) < 1e-6 else f"{value:.4g}"


def on_saaty_scale(value: float) -> bool:
    """Whether ``value`` lies within 1/9 and 9, reciprocals written as decimals (0.111)
    accepted within 1 %."""
    return SAATY_MIN * (1 - RECIPROCAL_TOLERANCE) <= value <= SAATY_MAX * (1 + RECIPROCAL_TOLERANCE)


def scale_problem(value: float, row_name: str, column_name: str) -> str:
    """Why a comparison of two criteria is off Saaty's scale, or an empty text when it is on it."""
    if on_saaty_scale(value):
        return ""
    return (
        f"«{row_name}» frente a «{column_name}» vale {fraction_text(value)}, fuera de la escala "
        "de Saaty: use de 1 (igual importancia) a 9 (importancia extrema), o de 1/2 a 1/9 si "
        f"«{column_name}» importa más."
    )


def _names(size: int, names: list[str] | None) -> list[str]:
    return list(names) if names else [f"criterio {n}" for n in range(1, size + 1)]


def check_matrix(matrix: list[list[float]], names: list[str] | None = None) -> np.ndarray:
    """The matrix as an array, or :class:`MatrixError` when it is not square, positive, on
    Saaty's scale (1/9 to 9) and reciprocal (``a[j][i] = 1 / a[i][j]`` within 1 %); the message
    names the row and column and, when ``names`` are given, the criteria compared."""
    size = len(matrix)
    if size == 0:
        raise MatrixError("La matriz está vacía: no tiene ninguna fila de comparaciones.")
    for number, row in enumerate(matrix, 1):
        if len(row) != size:
            raise MatrixError(
                f"La matriz no es cuadrada: tiene {size} filas, así que cada fila debe tener "
                f"{size} columnas, pero la fila {number} tiene {len(row)}."
            )
    labels = _names(size, names)
    values = np.array(matrix, dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        row, column = (int(n) for n in np.argwhere(~(np.isfinite(values) & (values > 0)))[0])
        raise MatrixError(
            f"La matriz debe ser positiva: la fila {row + 1}, columna {column + 1} "
            f"(«{labels[row]}» frente a «{labels[column]}») vale {matrix[row][column]}."
        )
    for i in range(size):
        if not math.isclose(values[i, i], 1.0, rel_tol=RECIPROCAL_TOLERANCE):
            raise MatrixError(
                f"La diagonal debe valer 1: la fila {i + 1}, columna {i + 1} («{labels[i]}» "
                f"frente a sí mismo) vale {values[i, i]:g}."
            )
    for i in range(size):
        for j in range(size):
            problem = "" if i == j else scale_problem(float(values[i, j]), labels[i], labels[j])
            if problem:
                raise MatrixError(f"La fila {i + 1}, columna {j + 1}: {problem}")
    for i in range(size):
        for j in range(i + 1, size):
            if not math.isclose(values[i, j] * values[j, i], 1.0, rel_tol=RECIPROCAL_TOLERANCE):
                raise MatrixError(
                    f"La matriz no es recíproca: la fila {i + 1}, columna {j + 1} («{labels[i]}» "
                    f"frente a «{labels[j]}») vale {fraction_text(values[i, j])} y la fila "
                    f"{j + 1}, columna {i + 1} vale {fraction_text(values[j, i])} "
                    f"(debería ser {fraction_text(1 / values[i, j])})."
                )
    return values


def complete_from_upper(upper: dict[tuple[int, int], float], size: int) -> list[list[float]]:
    """A full matrix from the upper triangle (``(i, j)`` with ``i < j``); reciprocals filled."""
    matrix = [[1.0] * size for _ in range(size)]
    for (i, j), value in upper.items():
        matrix[i][j] = value
        matrix[j][i] = 1.0 / value
    return matrix


def ahp(matrix: list[list[float]], worst: int = 3, names: list[str] | None = None) -> AhpResult:
    """Weights, λmax, CI and CR of a comparison matrix, with the ``worst`` comparisons furthest
    from what the weights imply; ``names`` (the criteria, in order) go into any refusal."""
    values = check_matrix(matrix, names)
    size = len(values)
    eigenvalues, eigenvectors = np.linalg.eig(values)
    principal = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    lambda_max = float(eigenvalues[principal].real)
    ci = (lambda_max - size) / (size - 1) if size > 2 else 0.0
    ri = RANDOM_INDEX[size - 1] if size <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = max(ci / ri, 0.0) if ri else 0.0
    deviations = [
        Inconsistency(i, j, float(values[i, j]), float(weights[i] / weights[j]))
        for i in range(size)
        for j in range(i + 1, size)
    ]
    deviations.sort(key=lambda d: abs(math.log(d.given / d.implied)), reverse=True)
    return AhpResult(
        [float(w) for w in weights],
        lambda_max,
        max(ci, 0.0),
        cr,
        [d for d in deviations[:worst] if abs(math.log(d.given / d.implied)) > 1e-9],
    )
