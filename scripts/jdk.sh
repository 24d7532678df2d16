# Finds a JDK 21 or newer and exports JAVA_HOME and PATH for it, or says how to provide one.
# Order: $JAVA_HOME, the javac on PATH, then /usr/lib/jvm/* (and macOS's JavaVirtualMachines).
# Run by scripts/test.sh and scripts/demo.sh; you may also source it: `. scripts/jdk.sh`.
# When sourced, a failure returns instead of closing your shell.

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

is_jdk21() {
    [ -x "$1/bin/javac" ] || return 1
    local major
    major=$(java_major "$1")
    [ -n "$major" ] && [ "$major" -ge 21 ]
}

find_jdk21() {
    if [ -n "${JAVA_HOME:-}" ] && is_jdk21 "$JAVA_HOME"; then
        echo "$JAVA_HOME"; return 0
    fi
    if command -v javac >/dev/null 2>&1; then
        local home
        home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        if is_jdk21 "$home"; then echo "$home"; return 0; fi
    fi
    local candidate
    for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        if [ -d "$candidate" ] && is_jdk21 "$candidate"; then echo "$candidate"; return 0; fi
    done
    return 1
}

jdk_setup() {
    local found
    if ! found=$(find_jdk21); then
        echo "error: windmill-iam-sync needs a JDK 21 or newer, and none was found." >&2
        echo "       Checked JAVA_HOME (${JAVA_HOME:-unset}), the javac on PATH and /usr/lib/jvm/*." >&2
        echo "       Install one (e.g. 'apt-get install openjdk-21-jdk') or set JAVA_HOME to it." >&2
        return 2
    fi
    export JAVA_HOME="$found"
    export PATH="$JAVA_HOME/bin:$PATH"
    if ! command -v mvn >/dev/null 2>&1; then
        echo "error: Maven (mvn) is not on PATH. Install Maven 3.8 or newer (e.g. 'apt-get install maven')." >&2
        return 2
    fi
    # Maven's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run: noise.
    if [ "$(java_major "$JAVA_HOME")" -ge 24 ]; then
        case "${MAVEN_OPTS:-}" in
            *sun-misc-unsafe-memory-access*) ;;
            *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
        esac
    fi
}

jdk_setup || return 2 2>/dev/null || exit 2
