"""Builds the fapiao package offline: the native core comes from the
project's CMake build (Debian's pybind11-dev and Boost), nothing from PyPI.

    /usr/bin/python3 -m pip install --no-build-isolation ./bindings/python
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The version lives in include/fapiao/version.h alone.
VERSION = re.search(r'FAPIAO_VERSION_STRING "([^"]+)"', (ROOT / "include/fapiao/version.h").read_text()).group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        build_dir = Path(self.build_temp).resolve() / "cmake"
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        configure = ["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                     "-DFAPIAO_BUILD_TESTS=OFF", "-DFAPIAO_BUILD_SANDBOX=OFF", "-DFAPIAO_BUILD_PYTHON=ON",
                     f"-DPython3_EXECUTABLE={sys.executable}"]
        if shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        if shutil.which("ccache"):
            configure += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
        subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "_fapiao", "--parallel", "2"])
        built = next((build_dir / "bindings" / "python" / "stage" / "fapiao").glob("_fapiao*.so"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)


setup(
    name="fapiao",
    version=VERSION,
    description="Chinese VAT invoices (fapiao) from Python: the fapiao SDK's bindings",
    packages=["fapiao"],
    package_data={"fapiao": ["py.typed", "_fapiao.pyi"]},
    ext_modules=[CMakeExtension("fapiao._fapiao")],
    cmdclass={"build_ext": CMakeBuild},
    python_requires=">=3.9",
    zip_safe=False,
)
