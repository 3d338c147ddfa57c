#!/usr/bin/env bash
# Start the studio app from this stick on Linux or macOS.
#   ./launch.sh            open the studio on this stick
#   ./launch.sh --demo     open a demo studio kept in demo/ on this stick (made on first use)
#   ./launch.sh --safe-mode  open the studio on this stick with no plugin loaded
#   ./launch.sh ARGS...    any app command, with this stick as home (e.g. `check --user admin`)
set -euo pipefail

STICK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
export TATTOO_HOME="$STICK"
export PYTHONDONTWRITEBYTECODE=1

# What this script says itself, before the app starts, comes in the language last used on this stick (the app
# keeps it in data/language.txt), else the computer's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English.
# The app's own sentences come from its catalogs (app/locale); these few live here, as the app is not running yet.
speaks() {
    local code list="${LANGUAGE:-}"
    # shellcheck disable=SC2086  # LANGUAGE is a colon-separated list: one word per language
    for code in "$(head -c 16 "$STICK/data/language.txt" 2>/dev/null || true)" ${list//:/ } \
                "${LC_ALL:-}" "${LC_MESSAGES:-}" "${LANG:-}"; do
        case "$code" in
            en*|es*|de*|fr*|it*|pt*) echo "${code:0:2}"; return ;;
        esac
    done
    echo en
}
SAYS="$(speaks)"

# say KEY ARGS...: one of the launcher's sentences in $SAYS on stderr, its %s filled with ARGS in order.
say() {
    local text
    case "$SAYS:$1" in
        es:read-only) text="Esta memoria USB es de solo lectura (%s), así que el estudio no puede guardar nada.
Desliza el interruptor de bloqueo de la memoria, o copia la carpeta entera a este ordenador y ejecuta launch.sh desde la copia." ;;
        de:read-only) text="Dieser Stick ist schreibgeschützt (%s), deshalb kann das Studio nichts speichern.
Schieb den Schreibschutzschalter des Sticks zurück, oder kopiere den ganzen Ordner auf diesen Computer und starte launch.sh aus der Kopie." ;;
        fr:read-only) text="Cette clé est en lecture seule (%s) : le studio ne peut rien enregistrer.
Désactivez le verrou de la clé, ou copiez tout le dossier sur cet ordinateur et lancez launch.sh depuis la copie." ;;
        it:read-only) text="Questa chiavetta è di sola lettura (%s), quindi lo studio non può salvare nulla.
Sblocca l'interruttore di protezione della chiavetta, oppure copia l'intera cartella su questo computer e avvia launch.sh dalla copia." ;;
        pt:read-only) text="Esta pen está só de leitura (%s), por isso o estúdio não pode guardar nada.
Desative o bloqueio de escrita da pen, ou copie a pasta inteira para este computador e execute launch.sh a partir da cópia." ;;
        *:read-only) text="This stick is read-only (%s), so the studio cannot save anything.
Slide the stick's lock switch off, or copy the whole folder to this computer and run launch.sh from the copy." ;;

        es:restoring) text="La aplicación de bundle/%s había perdido el permiso de ejecución (lo quitó un programa de copia o de descompresión); se le devuelve ahora." ;;
        de:restoring) text="Die App in bundle/%s hatte ihre Ausführungsberechtigung verloren (ein Kopier- oder Entpackprogramm hat sie entfernt); sie wird wiederhergestellt." ;;
        fr:restoring) text="L'application dans bundle/%s avait perdu son droit d'exécution (un outil de copie ou de décompression l'a retiré) ; il est rétabli." ;;
        it:restoring) text="L'app in bundle/%s aveva perso il permesso di esecuzione (l'ha tolto un programma di copia o di decompressione); viene ripristinato ora." ;;
        pt:restoring) text="A aplicação em bundle/%s tinha perdido a permissão de execução (uma ferramenta de cópia ou de descompactação retirou-a); está a ser reposta." ;;
        *:restoring) text="The app in bundle/%s had lost its permission to run (a copy or unzip tool dropped it); restoring it." ;;

        es:no-exec) text="Este ordenador montó la memoria USB sin permiso para ejecutar programas desde ella, y aquí no se le puede devolver.
Copia la carpeta entera (%s) a este ordenador y ejecuta launch.sh desde la copia, o desmonta la memoria y
vuelve a montarla permitiendo programas (p. ej. sudo mount -o uid=\$(id -u),fmask=0022,dmask=0022 /dev/sdX1 /mnt/stick)." ;;
        de:no-exec) text="Dieser Computer hat den Stick ohne Erlaubnis eingebunden, Programme davon zu starten, und sie lässt sich hier nicht zurückgeben.
Kopiere den ganzen Ordner (%s) auf diesen Computer und starte launch.sh aus der Kopie, oder hänge den Stick aus und
binde ihn mit erlaubten Programmen wieder ein (z. B. sudo mount -o uid=\$(id -u),fmask=0022,dmask=0022 /dev/sdX1 /mnt/stick)." ;;
        fr:no-exec) text="Cet ordinateur a monté la clé sans permettre d'y lancer des programmes, et cela ne peut pas être rétabli ici.
Copiez tout le dossier (%s) sur cet ordinateur et lancez launch.sh depuis la copie, ou démontez la clé et
remontez-la en autorisant les programmes (par ex. sudo mount -o uid=\$(id -u),fmask=0022,dmask=0022 /dev/sdX1 /mnt/stick)." ;;
        it:no-exec) text="Questo computer ha montato la chiavetta senza il permesso di avviarne i programmi, e qui non si può ridarlo.
Copia l'intera cartella (%s) su questo computer e avvia launch.sh dalla copia, oppure smonta la chiavetta e
rimontala permettendo i programmi (ad es. sudo mount -o uid=\$(id -u),fmask=0022,dmask=0022 /dev/sdX1 /mnt/stick)." ;;
        pt:no-exec) text="Este computador montou a pen sem permissão para executar programas a partir dela, e aqui não é possível repô-la.
Copie a pasta inteira (%s) para este computador e execute launch.sh a partir da cópia, ou desmonte a pen e
volte a montá-la com programas permitidos (p. ex. sudo mount -o uid=\$(id -u),fmask=0022,dmask=0022 /dev/sdX1 /mnt/stick)." ;;
        *:no-exec) text="This computer mounted the stick without permission to run programs from it, and it cannot be given back here.
Copy the whole folder (%s) to this computer and run launch.sh from the copy, or unmount the stick and
mount it again with programs allowed (e.g. sudo mount -o uid=\$(id -u),fmask=0022,dmask=0022 /dev/sdX1 /mnt/stick)." ;;

        es:no-app) text="Esta memoria USB no tiene aplicación para este ordenador (%s). Lleva: %s.
Crea una en un ordenador %s con: python -m tools.build_stick --out <stick>" ;;
        de:no-app) text="Dieser Stick hat keine App für diesen Computer (%s). Er enthält: %s.
Erstelle eine auf einem %s-Computer mit: python -m tools.build_stick --out <stick>" ;;
        fr:no-app) text="Cette clé n'a pas d'application pour cet ordinateur (%s). Elle contient : %s.
Créez-en une sur un ordinateur %s avec : python -m tools.build_stick --out <stick>" ;;
        it:no-app) text="Questa chiavetta non ha un'app per questo computer (%s). Contiene: %s.
Creane una su un computer %s con: python -m tools.build_stick --out <stick>" ;;
        pt:no-app) text="Esta pen não tem aplicação para este computador (%s). Contém: %s.
Crie uma num computador %s com: python -m tools.build_stick --out <stick>" ;;
        *:no-app) text="This stick has no app for this computer (%s). It carries: %s.
Build one on a %s computer with: python -m tools.build_stick --out <stick>" ;;

        es:nothing) text="nada" ;;
        de:nothing) text="nichts" ;;
        fr:nothing) text="rien" ;;
        it:nothing) text="niente" ;;
        pt:nothing) text="nada" ;;
        *:nothing) text="nothing" ;;

        es:demo) text="Creando el estudio de demostración en %s (solo la primera vez)..." ;;
        de:demo) text="Das Demo-Studio wird in %s angelegt (nur beim ersten Mal)..." ;;
        fr:demo) text="Création du studio de démonstration dans %s (la première fois seulement)..." ;;
        it:demo) text="Creazione dello studio dimostrativo in %s (solo la prima volta)..." ;;
        pt:demo) text="A criar o estúdio de demonstração em %s (só na primeira utilização)..." ;;
        *:demo) text="Creating the demo studio in %s (first use only)..." ;;
    esac
    shift
    # shellcheck disable=SC2059  # the format is one of the sentences above, never outside input
    printf "$text\n" "$@" >&2
}

case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=macos ;;
    *) os="$(uname -s | tr '[:upper:]' '[:lower:]')" ;;
esac
case "$(uname -m)" in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
esac

if [ ! -w "$STICK" ]; then
    say read-only "$STICK"
    exit 1
fi

BUNDLE="$STICK/bundle/$os-$arch/tattoo/tattoo"
# The programs a bundle runs: the app, and the desktop window's client (Linux: flet/flet; macOS: inside Flet.app).
lost_exec() {
    local program
    for program in "$BUNDLE" "$STICK/bundle/$os-$arch/tattoo/_internal/runtime/"flet-client-*/flet/flet \
                   "$STICK/bundle/$os-$arch/tattoo/_internal/runtime/"flet-client-*/*.app/Contents/MacOS/*; do
        if [ -f "$program" ] && [ ! -x "$program" ]; then return 0; fi
    done
    return 1
}
if [ -f "$BUNDLE" ] && lost_exec; then
    # Some copy and unzip tools drop the permission to run programs.
    say restoring "$os-$arch"
    chmod -R u+x "$STICK/bundle/$os-$arch" 2>/dev/null || true
    if lost_exec; then
        # FAT32/exFAT keep no permissions: the computer decides when it mounts the stick (Linux desktops
        # often mount such sticks with 'showexec', which lets no program without .exe run from it).
        say no-exec "$STICK"
        exit 1
    fi
fi
if [ -x "$BUNDLE" ]; then
    APP=("$BUNDLE")
elif [ -f "$STICK/app/__main__.py" ] && [ -f "$STICK/tools/ensure-venv.sh" ]; then
    # shellcheck source=tools/ensure-venv.sh
    . "$STICK/tools/ensure-venv.sh"
    ensure_venv "$STICK" requirements.txt
    APP=("$VENV_PYTHON" -m app)
    export PYTHONPATH="$STICK"
else
    found="$(ls "$STICK/bundle" 2>/dev/null | grep -v README | tr '\n' ' ' || true)"
    say no-app "$os-$arch" "${found:-$(say nothing 2>&1)}" "$os-$arch"
    exit 1
fi

if [ "$#" -eq 0 ]; then
    exec "${APP[@]}" run --home "$STICK"
fi
if [ "$1" = "--safe-mode" ]; then
    shift
    exec "${APP[@]}" run --home "$STICK" --safe-mode "$@"
fi
if [ "$1" = "--demo" ]; then
    shift
    DEMO="$STICK/demo"
    if [ ! -f "$DEMO/data/keyslots.json" ]; then
        say demo "$DEMO"
        "${APP[@]}" demo --home "$DEMO" --scale "${TATTOO_DEMO_SCALE:-1.0}"
    fi
    exec "${APP[@]}" run --home "$DEMO" "$@"
fi
if [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exec "${APP[@]}" --help
fi
exec "${APP[@]}" "$@"
