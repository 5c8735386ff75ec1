package dev.residency.bedrock.internal;

import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Internal, may change without notice. A response body publisher that passes every buffer through
 * an {@link EventStreamFramer}. Each upstream buffer yields at most one downstream buffer, so
 * demand passes straight through; a buffer that yields nothing yet (a frame cut in two) is
 * replaced by requesting one more. What the framer still has at the end (held-back text) goes out
 * as one last buffer once there is demand for it.
 */
final class EventStreamUnmaskingPublisher implements Publisher<ByteBuffer> {
  private final Publisher<ByteBuffer> upstream;
  private final Supplier<EventStreamFramer.Events> events;

  EventStreamUnmaskingPublisher(Publisher<ByteBuffer> upstream, Supplier<EventStreamFramer.Events> events) {
    this.upstream = upstream;
    this.events = events;
  }

  @Override
  public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
    upstream.subscribe(new Relay(subscriber, new EventStreamFramer(events.get())));
  }

  private static final class Relay implements Subscriber<ByteBuffer>, Subscription {
    private final Subscriber<? super ByteBuffer> downstream;
    private final EventStreamFramer framer;
    private Subscription subscription;
    /** Signals from upstream are serial (Reactive Streams 1.3), so this needs no lock. */
    private boolean done;
    /** Requested by downstream and not yet delivered; guarded by this. */
    private long demand;
    /** The end-of-stream buffer, waiting for demand; guarded by this. */
    private ByteBuffer last;

    Relay(Subscriber<? super ByteBuffer> downstream, EventStreamFramer framer) {
      this.downstream = downstream;
      this.framer = framer;
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      downstream.onSubscribe(this);
    }

    @Override
    public void onNext(ByteBuffer buffer) {
      if (done) {
        return;
      }
      ByteBuffer out;
      try {
        out = framer.feed(buffer);
      } catch (RuntimeException e) {
        // A failing handler must not throw into the HTTP client (Reactive Streams 2.13).
        done = true;
        subscription.cancel();
        downstream.onError(e);
        return;
      }
      if (!out.hasRemaining()) {
        subscription.request(1);
        return;
      }
      synchronized (this) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
      }
      downstream.onNext(out);
    }

    @Override
    public void onError(Throwable t) {
      if (!done) {
        done = true;
        downstream.onError(t);
      }
    }

    @Override
    public void onComplete() {
      if (done) {
        return;
      }
      done = true;
      ByteBuffer end;
      try {
        end = framer.end();
      } catch (RuntimeException e) {
        downstream.onError(e);
        return;
      }
      if (!end.hasRemaining()) {
        downstream.onComplete();
        return;
      }
      boolean now;
      synchronized (this) {
        now = demand > 0;
        if (!now) {
          last = end;
        }
      }
      if (now) {
        downstream.onNext(end);
        downstream.onComplete();
      }
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        subscription.cancel();
        downstream.onError(new IllegalArgumentException("Reactive Streams 3.9: request(" + n + ")"));
        return;
      }
      ByteBuffer end;
      synchronized (this) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        end = last;
        last = null;
      }
      if (end != null) {
        downstream.onNext(end);
        downstream.onComplete();
        return;
      }
      subscription.request(n);
    }

    @Override
    public void cancel() {
      synchronized (this) {
        last = null;
      }
      subscription.cancel();
    }
  }
}
