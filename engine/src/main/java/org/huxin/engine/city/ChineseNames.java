package org.huxin.engine.city;

import java.util.SplittableRandom;

/**
 * Plausible Chinese personal and place names, drawn from short lists with a skew to common ones.
 */
final class ChineseNames {

  /** Roughly in order of frequency, so a skewed draw favours 王, 李, 张. */
  private static final String SURNAMES =
      "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
          + "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

  private static final String BOY_CHARS = "浩宇轩子梓睿博文俊杰涛明辰泽一航鑫磊鹏翔昊然晨志强伟嘉宏毅凯天诚锦瑞铭哲远豪健峰安乐宁旭阳正朗彬铠";

  private static final String GIRL_CHARS = "欣怡涵诗雨萱思佳琪悦可馨婷雅静雪丽晓梦瑶妍彤芸慧颖蕾琳洁月菲楠若依语嫣桐沫清珊婉秀娜茜璐";

  private static final String DISTRICTS =
      "东城,西城,南城,北城,中心,高新,经开,滨湖,河东,河西,临江,长清,青山,白云,新华,城关,金山,松江,龙湾,鹿城";

  private static final String[] DISTRICT_NAMES = DISTRICTS.split(",");

  private static final String DIGITS = "〇一二三四五六七八九";

  private ChineseNames() {}

  /** A full name: surname plus one or (more often) two given-name characters. */
  static String person(SplittableRandom random, char sex) {
    String given = sex == 'M' ? BOY_CHARS : GIRL_CHARS;
    StringBuilder name = new StringBuilder(3);
    name.append(SURNAMES.charAt(skewed(random, SURNAMES.length())));
    name.append(given.charAt(random.nextInt(given.length())));
    if (random.nextInt(10) < 7) {
      name.append(given.charAt(random.nextInt(given.length())));
    }
    return name.toString();
  }

  /** The name of the {@code index}-th district (0-based), e.g. 东城区, then 东城二区 and so on. */
  static String district(int index) {
    String base = DISTRICT_NAMES[index % DISTRICT_NAMES.length];
    int round = index / DISTRICT_NAMES.length;
    return round == 0 ? base + "区" : base + numeral(round + 1) + "区";
  }

  /** The name of the {@code number}-th school (1-based) of a stage in a district. */
  static String school(String districtName, SchoolStage stage, int number) {
    String kind =
        switch (stage) {
          case PRIMARY -> "小学";
          case JUNIOR -> "初级中学";
          case SENIOR -> "高级中学";
          case NINE_YEAR -> "九年一贯制学校";
          case TWELVE_YEAR -> "十二年一贯制学校";
        };
    return districtName + "第" + numeral(number) + kind;
  }

  /** Chinese numerals for 1..99: 一, 十, 十二, 二十, 九十九. */
  static String numeral(int n) {
    if (n < 1 || n > 99) {
      throw new IllegalArgumentException("numeral supports 1..99, got " + n);
    }
    if (n < 10) {
      return String.valueOf(DIGITS.charAt(n));
    }
    String tens = n / 10 == 1 ? "十" : DIGITS.charAt(n / 10) + "十";
    return n % 10 == 0 ? tens : tens + DIGITS.charAt(n % 10);
  }

  private static int skewed(SplittableRandom random, int bound) {
    double u = random.nextDouble();
    return (int) (u * u * bound);
  }
}
