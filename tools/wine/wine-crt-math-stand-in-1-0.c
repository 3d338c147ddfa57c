/* Test-only stand-in for the C99 complex functions of Windows' CRT, for Wine 8, whose ucrtbase.dll has
 * them only as stubs ("unimplemented function ucrtbase.dll.crealf" aborts `import numpy`).
 *
 * tools/wine_env.py builds this file as wine-crt-math-stand-in-1-0.dll (as long a name as
 * api-ms-win-crt-math-l1-1-0.dll) with a .def that exports these as cexp, crealf, ... and forwards
 * every other function numpy imports to ucrtbase; then it points numpy's import of the CRT's math
 * API set at this DLL in the Wine test environment only. It never ships in a bundle.
 *
 * The MSVC CRT's _Dcomplex and _Lcomplex are two doubles (its long double is a double), _Fcomplex two
 * floats: declared here as structs, so mingw passes and returns them as MSVC does.
 */
#include <complex.h>

#ifndef CMPLX
#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))
#define CMPLXF(x, y) __builtin_complex((float)(x), (float)(y))
#endif

typedef struct { double v[2]; } D;
typedef struct { float v[2]; } F;

static double _Complex dz(D a) { return CMPLX(a.v[0], a.v[1]); }
static float _Complex fz(F a) { return CMPLXF(a.v[0], a.v[1]); }
static D dd(double _Complex z) { D r = {{creal(z), cimag(z)}}; return r; }
static F ff(float _Complex z) { F r = {{crealf(z), cimagf(z)}}; return r; }

#define UNARY(name) \
    __declspec(dllexport) D stand_in_##name(D a) { return dd(name(dz(a))); } \
    __declspec(dllexport) F stand_in_##name##f(F a) { return ff(name##f(fz(a))); } \
    __declspec(dllexport) D stand_in_##name##l(D a) { return dd(name(dz(a))); }
#define REAL(name) \
    __declspec(dllexport) double stand_in_##name(D a) { return name(dz(a)); } \
    __declspec(dllexport) float stand_in_##name##f(F a) { return name##f(fz(a)); } \
    __declspec(dllexport) double stand_in_##name##l(D a) { return name(dz(a)); }
#define BINARY(name) \
    __declspec(dllexport) D stand_in_##name(D a, D b) { return dd(name(dz(a), dz(b))); } \
    __declspec(dllexport) F stand_in_##name##f(F a, F b) { return ff(name##f(fz(a), fz(b))); } \
    __declspec(dllexport) D stand_in_##name##l(D a, D b) { return dd(name(dz(a), dz(b))); }

UNARY(cacos) UNARY(cacosh) UNARY(casin) UNARY(casinh) UNARY(catan) UNARY(catanh)
UNARY(ccos) UNARY(ccosh) UNARY(cexp) UNARY(clog) UNARY(conj) UNARY(cproj)
UNARY(csin) UNARY(csinh) UNARY(csqrt) UNARY(ctan) UNARY(ctanh)
REAL(cabs) REAL(carg) REAL(cimag) REAL(creal)
BINARY(cpow)
