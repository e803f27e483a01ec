// The notebook story: run with
//   jshell --class-path "$(scripts/examples-classpath)" scripts/live-update.jsh
// Each block below is a "cell"; evaluate the loop again while the workers compute.
import io.mppfc.*;
import io.mppfc.examples.LiveUpdate;
import java.nio.file.*;

var f = Mppfc.cache(LiveUpdate::slow).path(Files.createTempDirectory("mppfc-jshell")).build();
f.startWorkers(NumProc.all());

LiveUpdate.show(f, 12);          // first evaluation: nothing ready yet
Thread.sleep(1000);
LiveUpdate.show(f, 12);          // some values are there already
f.awaitAll();
LiveUpdate.show(f, 12);          // everything
/exit
