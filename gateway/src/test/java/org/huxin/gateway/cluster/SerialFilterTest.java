package org.huxin.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import javax.swing.text.SimpleAttributeSet;
import org.junit.jupiter.api.Test;

/**
 * The deserialization filter lets through what cluster traffic carries and refuses the rest before
 * building it: a class outside the allowed packages, a graph too deep.
 */
class SerialFilterTest {
  /** A class of this project, as an entry processor is. */
  record Own(long seq, byte[] stored) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      in.setObjectInputFilter(SerialFilter.filter());
      return in.readObject();
    }
  }

  @Test
  void filter_allowsOwnClassesJdkValuesAndByteArrays() throws Exception {
    Own own = (Own) roundTrip(new Own(7, new byte[] {1, 2, 3}));
    assertEquals(7, own.seq());
    assertEquals(List.of(1L, "a"), roundTrip(new ArrayList<>(List.of(1L, "a"))));
    assertEquals(3, ((long[]) roundTrip(new long[] {1, 2, 3})).length);
  }

  @Test
  void filter_refusesAClassOutsideTheList() {
    // Any serializable JDK class outside the allowed packages stands for a gadget.
    assertThrows(InvalidClassException.class, () -> roundTrip(new SimpleAttributeSet()));
  }

  @Test
  void filter_refusesADeepGraph() {
    List<Object> deep = new ArrayList<>();
    List<Object> at = deep;
    for (int i = 0; i < 40; i++) {
      List<Object> next = new ArrayList<>();
      at.add(next);
      at = next;
    }
    assertThrows(InvalidClassException.class, () -> roundTrip(deep));
  }
}
