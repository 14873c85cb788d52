#!/usr/bin/env bash
# Runs the vecrnn Spark job with Spark's own launcher (org.apache.spark.deploy.SparkSubmit) from
# the jars in the local Maven repository: the same as `spark-submit` of a Spark distribution or of
# the pyspark package, where neither is installed.
#
#   spark/submit.sh [spark-submit options ...] -- [vecrnn-spark options ...]
#   spark/submit.sh --master 'local[2]' -- --data input.txt --workers 2 --local-iterations 10 --out model.vrnn
#
# Build first: mvn -B -pl spark -am package -DskipTests (writes spark/target/vecrnn-spark.jar and
# spark/target/spark-classpath.txt, Spark's class path). JAVA (default: java) runs it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=$here/target/vecrnn-spark.jar
classpath=$here/target/spark-classpath.txt
if [ ! -f "$jar" ] || [ ! -s "$classpath" ]; then
  echo "submit.sh: build the job first: mvn -B -pl spark -am package -DskipTests" >&2
  exit 2
fi
submit=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  submit+=("$1")
  shift
done
[ $# -gt 0 ] && shift # the --
# the options Spark's launcher gives its JVMs on JDK 17+ (JavaModuleOptions), and the Vector API;
# in local mode the executors are threads of this JVM, on a cluster they get the same through
# spark.executor.extraJavaOptions (docs/SPARK.md)
jvm=(--add-modules jdk.incubator.vector -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
exec "${JAVA:-java}" "${jvm[@]}" ${JAVA_OPTS:-} -cp "$(cat "$classpath")" org.apache.spark.deploy.SparkSubmit \
  --class dev.vecrnn.spark.SparkTrain "${submit[@]}" "$jar" "$@"
