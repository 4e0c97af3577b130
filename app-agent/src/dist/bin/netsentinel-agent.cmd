@echo off
rem NetSentinel agent launcher for Windows, from the distribution archive: runs lib\netsentinel-agent.jar.
rem   JAVA_HOME   the JDK or JRE to use (17 or newer); otherwise java.exe on the PATH
rem   JAVA_OPTS   extra JVM options, for example set JAVA_OPTS=-Xmx1g
setlocal
set "APP_HOME=%~dp0.."
set "JAR=%APP_HOME%\lib\netsentinel-agent.jar"

if defined JAVA_HOME (
  set "JAVA_CMD=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA_CMD=java.exe"
)
if defined JAVA_HOME if not exist "%JAVA_HOME%\bin\java.exe" (
  echo netsentinel-agent: JAVA_HOME is set to "%JAVA_HOME%", but it has no bin\java.exe 1>&2
  exit /b 1
)
if not defined JAVA_HOME (
  where java.exe >nul 2>&1 || (
    echo netsentinel-agent: no java found: install Java 17 or newer, or set JAVA_HOME 1>&2
    exit /b 1
  )
)

rem Plugins: the plugins folder of this installation, unless the command line names a folder itself.
set "PLUGINS_ARG="
if exist "%APP_HOME%\plugins\" set PLUGINS_ARG=--plugins "%APP_HOME%\plugins"
echo.%* | findstr /i /c:"--plugins" >nul && set "PLUGINS_ARG="

"%JAVA_CMD%" %JAVA_OPTS% -jar "%JAR%" %PLUGINS_ARG% %*
exit /b %ERRORLEVEL%
