<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.10" tiledversion="1.10.2" name="cafe" tilewidth="32" tileheight="32" tilecount="15" columns="8">
 <image source="cafe-tiles.png" width="256" height="64"/>
  <tile id="0">
  <properties>
   <property name="name" value="floor"/>
  </properties>
  </tile>
  <tile id="1">
  <properties>
   <property name="name" value="wall"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="2">
  <properties>
   <property name="name" value="counter"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="3">
  <properties>
   <property name="name" value="till"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="4">
  <properties>
   <property name="name" value="machine"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="5">
  <properties>
   <property name="name" value="sink"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="6">
  <properties>
   <property name="name" value="cakes"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="7">
  <properties>
   <property name="name" value="shelf"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="8">
  <properties>
   <property name="name" value="table"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="9">
  <properties>
   <property name="name" value="chair"/>
  </properties>
  </tile>
  <tile id="10">
  <properties>
   <property name="name" value="window"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="11">
  <properties>
   <property name="name" value="door"/>
  </properties>
  </tile>
  <tile id="12">
  <properties>
   <property name="name" value="backdoor"/>
  </properties>
  </tile>
  <tile id="13">
  <properties>
   <property name="name" value="plant"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="14">
  <properties>
   <property name="name" value="mat"/>
  </properties>
  </tile>
</tileset>
