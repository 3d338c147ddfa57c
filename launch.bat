@echo off
rem Start the studio app from this stick on Windows.
rem   launch.bat            open the studio on this stick
rem   launch.bat --demo     open a demo studio kept in demo\ on this stick (made on first use)
rem   launch.bat ARGS...    any app command, with this stick as home (e.g. "check --user admin")
setlocal EnableExtensions
set "STICK=%~dp0"
if "%STICK:~-1%"=="\" set "STICK=%STICK:~0,-1%"
set "TATTOO_HOME=%STICK%"
set "PYTHONDONTWRITEBYTECODE=1"

set "ARCH=x86_64"
if /I "%PROCESSOR_ARCHITECTURE%"=="ARM64" set "ARCH=arm64"

rem A read-only stick cannot hold the studio's data.
set "PROBE=%STICK%\data\.write-test-%RANDOM%"
if not exist "%STICK%\data" mkdir "%STICK%\data" 2>nul
echo x> "%PROBE%" 2>nul
rem "if not exist" rather than "(echo ...) 2>nul || (": Wine's cmd cannot parse the latter (tests/windows).
if not exist "%PROBE%" (
    echo This stick is read-only ^(%STICK%^), so the studio cannot save anything. 1>&2
    echo Slide the stick's lock switch off, or copy the whole folder to this computer and run launch.bat from the copy. 1>&2
    exit /b 1
)
del "%PROBE%" 2>nul

set "BUNDLE=%STICK%\bundle\windows-%ARCH%\tattoo\tattoo.exe"
if exist "%BUNDLE%" (
    set "APP="%BUNDLE%""
    goto :dispatch
)
if not exist "%STICK%\app\__main__.py" goto :nobundle
rem Source checkout: a .venv made from the lock (requirements.txt, every file hashed) on first use.
set "VENV_PY=%STICK%\.venv\Scripts\python.exe"
if not exist "%VENV_PY%" (
    echo Setting up %STICK%\.venv ^(first run only; needs the package registry^)... 1>&2
    py -3.11 -m venv "%STICK%\.venv" 2>nul || python -m venv "%STICK%\.venv" || goto :nopython
    "%VENV_PY%" -m pip install --quiet --require-hashes -r "%STICK%\requirements.txt" || exit /b 1
)
set "PYTHONPATH=%STICK%"
set "APP="%VENV_PY%" -m app"
goto :dispatch

:nobundle
echo This stick has no app for this computer ^(windows-%ARCH%^). 1>&2
echo Build one on a Windows computer with: python -m tools.build_stick --out ^<stick^> 1>&2
exit /b 1

:nopython
echo Python 3.11 is needed to run from source and was not found. Install Python 3.11, or use a stick with a built bundle. 1>&2
exit /b 1

:dispatch
if "%~1"=="" goto :run_stick
if /I "%~1"=="--demo" goto :demo
if /I "%~1"=="--safe-mode" goto :safe_mode
%APP% %*
exit /b %ERRORLEVEL%

:run_stick
%APP% run --home "%STICK%"
exit /b %ERRORLEVEL%

:safe_mode
%APP% run --home "%STICK%" --safe-mode
exit /b %ERRORLEVEL%

rem Outside parentheses on purpose: cmd expands %1 and %VAR% in a block before the block runs,
rem so a shift or a set inside the block would not be seen by the lines after it.
:demo
shift
if not defined TATTOO_DEMO_SCALE set "TATTOO_DEMO_SCALE=1.0"
if exist "%STICK%\demo\data\keyslots.json" goto :demo_run
echo Creating the demo studio in %STICK%\demo ^(first use only^)... 1>&2
%APP% demo --home "%STICK%\demo" --scale %TATTOO_DEMO_SCALE% || exit /b 1
:demo_run
%APP% run --home "%STICK%\demo" %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%
