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


def check_matrix(matrix: list[list[float]]) -> np.ndarray:
    """The matrix as an array, or :class:`MatrixError` when it is not square, positive and
    reciprocal (``a[j][i] = 1 / a[i][j]`` within 1 %)."""
    size = len(matrix)
    if size == 0 or any(len(row) != size for row in matrix):
        widths = sorted({len(row) for row in matrix})
        raise MatrixError(
            f"La matriz no es cuadrada: tiene {size} filas y filas de {widths} columnas."
        )
    values = np.array(matrix, dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        row, column = np.argwhere(~(np.isfinite(values) & (values > 0)))[0]
        raise MatrixError(
            f"La matriz debe ser positiva: la fila {row + 1}, columna {column + 1} vale "
            f"{matrix[row][column]}."
        )
    for i in range(size):
        if not math.isclose(values[i, i], 1.0, rel_tol=RECIPROCAL_TOLERANCE):
            raise MatrixError(f"La diagonal debe valer 1: la fila {i + 1} tiene {values[i, i]}.")
        for j in range(i + 1, size):
            if not math.isclose(values[i, j] * values[j, i], 1.0, rel_tol=RECIPROCAL_TOLERANCE):
                raise MatrixError(
                    f"La matriz no es recíproca: la fila {i + 1}, columna {j + 1} vale "
                    f"{values[i, j]:g} y la fila {j + 1}, columna {i + 1} vale {values[j, i]:g} "
                    f"(debería ser {1 / values[i, j]:.4g})."
                )
    return values


def complete_from_upper(upper: dict[tuple[int, int], float], size: int) -> list[list[float]]:
    """A full matrix from the upper triangle (``(i, j)`` with ``i < j``); reciprocals filled."""
    matrix = [[1.0] * size for _ in range(size)]
    for (i, j), value in upper.items():
        matrix[i][j] = value
        matrix[j][i] = 1.0 / value
    return matrix


def ahp(matrix: list[list[float]], worst: int = 3) -> AhpResult:
    values = check_matrix(matrix)
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
