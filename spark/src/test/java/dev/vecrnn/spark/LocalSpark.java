package dev.vecrnn.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A local Spark for the tests, on the loopback interface and without its web UI. */
final class LocalSpark {
    private LocalSpark() {
    }

    /** A context for {@code master} ({@code local[2,3]}: two threads, a task may fail up to three times). */
    static JavaSparkContext start(String master) {
        return new JavaSparkContext(new SparkConf().setMaster(master).setAppName("vecrnn tests").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
    }
}
