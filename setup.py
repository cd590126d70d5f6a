"""The compiled name-scoring kernel (coalition/screening/_kernel.pyx); everything else is
declared in pyproject.toml. The extension is optional: where it cannot be compiled the
install goes on and screening takes the pure-Python path, with the same results."""

from Cython.Build import cythonize
from setuptools import Extension, setup

KERNEL = Extension(
    "coalition.screening._kernel",
    ["coalition/screening/_kernel.pyx"],
    # no fused multiply-add: every product rounded as Python rounds it, so scores agree
    extra_compile_args=["-O2", "-ffp-contract=off"],
    optional=True,
)

setup(ext_modules=cythonize([KERNEL], language_level=3))
