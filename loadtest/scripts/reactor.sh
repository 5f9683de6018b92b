# Sourced by the scripts that run Gatling through `mvn -pl loadtest gatling:test`. That goal
# resolves the gateway and the engine's test jar from the local Maven repository, not from this
# tree's target folders; so a jar built by `./huxin test` is not enough: on a fresh machine the
# repository holds no installed copy at all, and Gatling fails before it starts.

# True (status 0) when the local repository lacks an installed gateway or engine test jar, or holds
# one older than the gateway jar in gateway/target ($1).
reactor_install_needed() {
  local built=$1
  local repo=${MAVEN_REPO:-$HOME/.m2/repository}/org/huxin
  local version
  version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | sed -n 1p)
  local gateway=$repo/huxin-gateway/$version/huxin-gateway-$version.jar
  local engine_tests=$repo/huxin-engine/$version/huxin-engine-$version-tests.jar
  [[ ! -f $gateway || ! -f $engine_tests || $built -nt $gateway ]]
}
