/* Test-only stand-in for Windows' bcryptprimitives.dll, for Wine 8, which lacks it.
 *
 * cryptography's Rust extension imports ProcessPrng from bcryptprimitives.dll (Windows 10+).
 * Wine 8 has no such DLL, so this one exports ProcessPrng over RtlGenRandom (SystemFunction036,
 * advapi32), the system's cryptographic random generator. It is built by tools/wine_env.py with
 * mingw-w64 and placed beside python.exe in the Wine test environment only: it never ships in a
 * bundle (tests/windows/test_stand_ins_never_ship.py checks it).
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
