# shellcheck shell=bash
# The JDK 17 --add-opens/--add-exports list that Spark (and the JVMs that run Vigil's jobs) need.
# One copy lives in pom.xml (<jdk17.opens>, used by surefire and failsafe); this reads it from
# there, one flag per line, for the launcher and the server scripts. Sourced, not run.

# jdk17_opens ROOT: prints the flags of ROOT/pom.xml's <jdk17.opens>, one per line.
jdk17_opens() {
  sed -n 's:.*<jdk17.opens>\(.*\)</jdk17.opens>.*:\1:p' "$1/pom.xml" | tr ' ' '\n' | sed '/^$/d'
}
